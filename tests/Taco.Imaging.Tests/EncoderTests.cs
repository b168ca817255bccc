using Taco.Imaging;

namespace Taco.Imaging.Tests;

public sealed class EncoderTests
{
    [Fact]
    public void Png_round_trip_is_lossless()
    {
        var image = ImageDecoder.Decode(Fixture.Path("lanczos_input.png")).DrawRectangle(new PixelRect(3, 3, 10, 10), Rgb.Red);

        var png = ImageEncoder.EncodePng(image);
        var back = ImageDecoder.Decode(png, "roundtrip.png");

        Assert.Equal(ImageFormat.Png, ImageDecoder.ReadHeader(png).Format);
        Assert.Equal(image.Pixels.ToArray(), back.Pixels.ToArray());
    }

    [Fact]
    public void Png_compression_level_trades_size_not_pixels()
    {
        var photo = ImageDecoder.Decode(Fixture.Path("photo_640x480.jpg"));

        var stored = ImageEncoder.EncodePng(photo, compressionLevel: 0);
        var smallest = ImageEncoder.EncodePng(photo, compressionLevel: 9);

        Assert.True(smallest.Length < stored.Length);
        Assert.Equal(photo.Pixels.ToArray(), ImageDecoder.Decode(stored, "stored.png").Pixels.ToArray());
        Assert.Equal(photo.Pixels.ToArray(), ImageDecoder.Decode(smallest, "smallest.png").Pixels.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageEncoder.EncodePng(photo, 10));
    }

    [Fact]
    public void Jpeg_round_trip_keeps_the_colours()
    {
        var image = ImageDecoder.Decode(Fixture.Path("png_rgb8.png"));

        var jpeg = ImageEncoder.EncodeJpeg(image, 95);
        var back = ImageDecoder.Decode(jpeg, "roundtrip.jpg");

        Assert.Equal(new ImageHeader(ImageFormat.Jpeg, 32, 24), ImageDecoder.ReadHeader(jpeg));
        Fixture.AssertQuadrants(back, 12);
    }

    [Fact]
    public void Lower_jpeg_quality_gives_a_smaller_file()
    {
        var photo = ImageDecoder.Decode(Fixture.Path("photo_640x480.jpg"));

        Assert.True(ImageEncoder.EncodeJpeg(photo, 30).Length < ImageEncoder.EncodeJpeg(photo, 95).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageEncoder.EncodeJpeg(photo, 0));
    }

    [Theory]
    [InlineData("out.png", ImageFormat.Png)]
    [InlineData("out.JPG", ImageFormat.Jpeg)]
    [InlineData("out.jpeg", ImageFormat.Jpeg)]
    public void Save_picks_the_encoder_from_the_extension(string name, ImageFormat format)
    {
        var directory = Directory.CreateTempSubdirectory("taco-imaging-");
        try
        {
            var path = Path.Combine(directory.FullName, name);
            var image = ImageDecoder.Decode(Fixture.Path("png_rgb8.png"));

            ImageEncoder.Save(image, path);

            Assert.Equal(format, ImageDecoder.ReadHeader(path).Format);
            Fixture.AssertQuadrants(ImageDecoder.Decode(path), 12);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Save_refuses_an_unknown_extension()
    {
        var image = RgbImage.Create(2, 2, Rgb.Black);

        var e = Assert.Throws<ArgumentException>(() => ImageEncoder.Save(image, "out.gif"));

        Assert.Contains("out.gif", e.Message, StringComparison.Ordinal);
    }
}
