using Taco.Imaging;

namespace Taco.Imaging.Tests;

public sealed class ImageTensorTests
{
    [Fact]
    public void ToChw_writes_channel_planes_with_imagenet_normalisation()
    {
        var image = new RgbImage(2, 1, [255, 0, 128, 0, 255, 64]);

        var tensor = ImageTensor.ToChw(image, ChannelNormalization.ImageNet);

        // (v/255 − mean) / std, by hand: R (1−0.485)/0.229, (0−0.485)/0.229; G (0−0.456)/0.224, (1−0.456)/0.224;
        // B (128/255−0.406)/0.225, (64/255−0.406)/0.225.
        float[] expected = [2.2489083f, -2.1179039f, -2.0357143f, 2.4285714f, 0.42649237f, -0.68897603f];
        Assert.Equal(expected.Length, tensor.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], tensor[i], 1e-5f);
        }
    }

    [Fact]
    public void Symmetric_normalisation_maps_0_and_255_to_minus_one_and_one()
    {
        var tensor = ImageTensor.ToChw(new RgbImage(1, 1, [0, 255, 0]), ChannelNormalization.Symmetric);

        Assert.Equal(-1f, tensor[0], 1e-6f);
        Assert.Equal(1f, tensor[1], 1e-6f);
        Assert.Equal(-1f, tensor[2], 1e-6f);
    }

    [Fact]
    public void Preprocess_resizes_then_normalises_a_photo_sized_image()
    {
        var image = RgbImage.Create(1024, 768, new Rgb(100, 150, 200));

        var tensor = ImageTensor.Preprocess(image, 384, 384, ChannelNormalization.Symmetric);

        // (100/255 − 0.5)/0.5 = −0.2156863, (150/255 − 0.5)/0.5 = 0.1764706, (200/255 − 0.5)/0.5 = 0.5686275.
        const int Plane = 384 * 384;
        Assert.Equal(3 * Plane, tensor.Length);
        Assert.All(tensor[..Plane], v => Assert.Equal(-0.2156863f, v, 1e-5f));
        Assert.All(tensor[Plane..(2 * Plane)], v => Assert.Equal(0.1764706f, v, 1e-5f));
        Assert.All(tensor[(2 * Plane)..], v => Assert.Equal(0.5686275f, v, 1e-5f));
    }

    [Fact]
    public void WriteChw_fills_a_slot_of_a_larger_batch_buffer()
    {
        var image = new RgbImage(1, 1, [255, 255, 255]);
        var batch = new float[6];

        ImageTensor.WriteChw(image, new ChannelNormalization([0f, 0f, 0f], [1f, 1f, 1f]), batch.AsSpan(3, 3));

        Assert.Equal([0f, 0f, 0f, 1f, 1f, 1f], batch);
        Assert.Throws<ArgumentException>(() => ImageTensor.WriteChw(image, ChannelNormalization.ImageNet, new float[4]));
    }

    [Fact]
    public void Every_value_of_an_odd_sized_random_image_follows_the_formula()
    {
        // 37×23 = 851 pixels: the vectorised path handles 16 at a time, the tail the remaining 3.
        var random = new Random(5);
        var pixels = new byte[37 * 23 * 3];
        random.NextBytes(pixels);
        var image = new RgbImage(37, 23, pixels);
        var clip = ChannelNormalization.Clip;

        var tensor = ImageTensor.ToChw(image, clip);

        for (var c = 0; c < 3; c++)
        {
            for (var i = 0; i < 37 * 23; i++)
            {
                var expected = ((pixels[(3 * i) + c] / 255.0) - clip.Mean[c]) / clip.Std[c];
                Assert.Equal(expected, tensor[(c * 37 * 23) + i], 1e-5);
            }
        }
    }

    [Fact]
    public void Preprocess_into_a_buffer_matches_the_allocating_overload()
    {
        var image = ImageDecoder.Decode(Fixture.Path("photo_640x480.jpg"));
        var buffer = new float[3 * 224 * 224];

        ImageTensor.Preprocess(image, 224, 224, ChannelNormalization.ImageNet, buffer);

        Assert.Equal(ImageTensor.Preprocess(image, 224, 224, ChannelNormalization.ImageNet), buffer);
    }

    [Fact]
    public void Normalisation_refuses_a_zero_std()
    {
        Assert.Throws<ArgumentException>(() => new ChannelNormalization([0.5f, 0.5f, 0.5f], [0.5f, 0f, 0.5f]));
        Assert.Throws<ArgumentException>(() => new ChannelNormalization([0.5f, 0.5f], [0.5f, 0.5f]));
    }
}
