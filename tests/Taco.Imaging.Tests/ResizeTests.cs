using Taco.Imaging;

namespace Taco.Imaging.Tests;

public sealed class ResizeTests
{
    [Theory]
    [InlineData(1024, 768, 384, 384)]
    [InlineData(640, 480, 333, 217)]
    [InlineData(17, 13, 100, 77)]
    [InlineData(100, 10, 7, 30)]
    [InlineData(5, 5, 1, 1)]
    public void Resize_gives_exactly_the_requested_size(int w, int h, int targetW, int targetH)
    {
        var image = RgbImage.Create(w, h, new Rgb(10, 20, 30));

        var resized = image.Resize(targetW, targetH);
        var high = image.ResizeHighQuality(targetW, targetH);

        Assert.Equal((targetW, targetH), (resized.Width, resized.Height));
        Assert.Equal((targetW, targetH), (high.Width, high.Height));
        Assert.All(Enumerable.Range(0, targetW * targetH), i => Assert.Equal(new Rgb(10, 20, 30), resized.GetPixel(i % targetW, i / targetW)));
        Assert.All(Enumerable.Range(0, targetW * targetH), i => Assert.Equal(new Rgb(10, 20, 30), high.GetPixel(i % targetW, i / targetW)));
    }

    [Fact]
    public void Shrinking_averages_areas_instead_of_sampling()
    {
        // Alternating black and white columns: sampling would keep pure black or white,
        // area averaging gives mid grey everywhere.
        var pixels = new byte[90 * 60 * 3];
        for (var i = 0; i < 90 * 60; i++)
        {
            var value = (byte)((i % 90) % 2 == 0 ? 0 : 255);
            pixels[3 * i] = pixels[(3 * i) + 1] = pixels[(3 * i) + 2] = value;
        }

        var shrunk = new RgbImage(90, 60, pixels).Resize(27, 18);

        for (var y = 0; y < 18; y++)
        {
            for (var x = 0; x < 27; x++)
            {
                Assert.InRange(shrunk.GetPixel(x, y).R, 100, 155);
            }
        }
    }

    [Fact]
    public void Shrinking_weights_each_source_pixel_by_the_area_it_covers()
    {
        // 3 → 2: output 0 covers [0, 1.5) = all of pixel 0 and half of pixel 1: (0 + 0.5·90) / 1.5 = 30;
        // output 1 covers [1.5, 3): (0.5·90 + 180) / 1.5 = 150. Halving averages pairs exactly.
        var three = new RgbImage(3, 1, [0, 0, 0, 90, 90, 90, 180, 180, 180]);
        var four = new RgbImage(4, 1, [10, 10, 10, 20, 20, 20, 30, 30, 30, 40, 40, 40]);

        Assert.Equal([30, 30, 30, 150, 150, 150], three.Resize(2, 1).Pixels.ToArray());
        Assert.Equal([15, 15, 15, 35, 35, 35], four.Resize(2, 1).Pixels.ToArray());
    }

    [Fact]
    public void Enlarging_interpolates_linearly_between_pixel_centres()
    {
        // 2 → 4: output centres fall at source positions 0.25, 0.75, 1.25, 1.75 (centres at 0.5, 1.5);
        // the outer two are clamped to the edge pixels, the inner two are 1/4 and 3/4 of the way.
        var image = new RgbImage(2, 1, [0, 0, 0, 200, 200, 200]);

        var enlarged = image.Resize(4, 1);

        Assert.Equal([0, 50, 150, 200], Enumerable.Range(0, 4).Select(x => (int)enlarged.GetPixel(x, 0).R));
    }

    [Fact]
    public void Enlarging_a_step_gives_a_monotonic_ramp()
    {
        var image = new RgbImage(2, 1, [0, 0, 0, 255, 255, 255]);

        var enlarged = image.Resize(10, 1);

        var row = Enumerable.Range(0, 10).Select(x => (int)enlarged.GetPixel(x, 0).R).ToArray();
        Assert.Equal(0, row[0]);
        Assert.Equal(255, row[^1]);
        Assert.Equal(row.Order(), row);
        Assert.Contains(row, v => v is > 40 and < 215);
    }

    [Fact]
    public void Resize_keeps_the_quadrants_in_place()
    {
        var image = ImageDecoder.Decode(Fixture.Path("png_rgb8.png"));

        Fixture.AssertQuadrants(image.Resize(64, 48), 0);
        Fixture.AssertQuadrants(image.Resize(13, 9), 30);
        Fixture.AssertQuadrants(image.ResizeHighQuality(96, 72), 0);
    }

    [Theory]
    [InlineData("lanczos_pil_97x61.png", 97, 61)]
    [InlineData("lanczos_pil_17x13.png", 17, 13)]
    public void ResizeHighQuality_matches_pil_lanczos_within_rounding(string golden, int width, int height)
    {
        var input = ImageDecoder.Decode(Fixture.Path("lanczos_input.png"));
        var expected = ImageDecoder.Decode(Fixture.Path(golden));

        var actual = input.ResizeHighQuality(width, height);

        // PIL keeps 8 bits between its two passes and rounds in fixed point; we keep floats.
        var worst = 0;
        for (var i = 0; i < expected.Pixels.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected.Pixels[i] - actual.Pixels[i]));
        }

        Assert.InRange(worst, 0, 2);
    }

    [Theory]
    [InlineData("bicubic_pil_97x61.png", 97, 61)]
    [InlineData("bicubic_pil_17x13.png", 17, 13)]
    public void ResizeBicubic_matches_pil_bicubic_within_rounding(string golden, int width, int height)
    {
        var input = ImageDecoder.Decode(Fixture.Path("lanczos_input.png"));
        var expected = ImageDecoder.Decode(Fixture.Path(golden));

        var actual = input.ResizeBicubic(width, height);

        // As for Lanczos: PIL rounds to 8 bits between passes, we do not.
        var worst = 0;
        for (var i = 0; i < expected.Pixels.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected.Pixels[i] - actual.Pixels[i]));
        }

        Assert.InRange(worst, 0, 2);
    }

    [Fact]
    public void ResizeShortestEdge_truncates_the_long_side_like_hugging_face()
    {
        var landscape = RgbImage.Create(640, 481, Rgb.Black);
        var portrait = RgbImage.Create(24, 32, Rgb.Black);

        var a = landscape.ResizeShortestEdge(224);
        var b = portrait.ResizeShortestEdge(12);

        Assert.Equal((298, 224), (a.Width, a.Height)); // int(224 · 640 / 481) = int(298.04)
        Assert.Equal((12, 16), (b.Width, b.Height));
    }

    [Fact]
    public void Resize_to_the_same_size_returns_the_same_pixels()
    {
        var image = ImageDecoder.Decode(Fixture.Path("lanczos_input.png"));

        Assert.Same(image, image.Resize(image.Width, image.Height));
        Assert.Throws<ArgumentOutOfRangeException>(() => image.Resize(0, 10));
    }
}
