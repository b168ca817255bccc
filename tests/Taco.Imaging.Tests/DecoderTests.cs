using Taco.Imaging;

namespace Taco.Imaging.Tests;

public sealed class DecoderTests
{
    [Theory]
    [InlineData("png_rgb8.png", ImageFormat.Png, 0)]
    [InlineData("png_rgb16.png", ImageFormat.Png, 0)]
    [InlineData("png_palette.png", ImageFormat.Png, 0)]
    [InlineData("jpeg_rgb.jpg", ImageFormat.Jpeg, 12)]
    [InlineData("jpeg_cmyk.jpg", ImageFormat.Jpeg, 12)]
    [InlineData("jpeg_progressive.jpg", ImageFormat.Jpeg, 12)]
    [InlineData("tiff_rgb.tif", ImageFormat.Tiff, 0)]
    [InlineData("tiff_lzw.tif", ImageFormat.Tiff, 0)]
    [InlineData("webp_lossless.webp", ImageFormat.WebP, 0)]
    [InlineData("webp_lossy.webp", ImageFormat.WebP, 12)]
    [InlineData("gif_two_frames.gif", ImageFormat.Gif, 0)]
    [InlineData("bmp_rgb24.bmp", ImageFormat.Bmp, 0)]
    [InlineData("bmp_palette8.bmp", ImageFormat.Bmp, 0)]
    [InlineData("pnm_rgb.ppm", ImageFormat.Pnm, 0)]
    [InlineData("pnm_plain.ppm", ImageFormat.Pnm, 0)]
    public void Decoder_reads_the_quadrants_from_every_format(string file, ImageFormat format, int tolerance)
    {
        Assert.Equal(new ImageHeader(format, 32, 24), ImageDecoder.ReadHeader(Fixture.Path(file)));

        var image = ImageDecoder.Decode(Fixture.Path(file));

        Assert.Equal((32, 24), (image.Width, image.Height));
        Fixture.AssertQuadrants(image, tolerance);
    }

    [Fact]
    public void Decoder_reads_the_same_pixels_from_bytes_as_from_a_path()
    {
        var fromPath = ImageDecoder.Decode(Fixture.Path("png_rgb8.png"));
        var fromBytes = ImageDecoder.Decode(Fixture.Bytes("png_rgb8.png"), "png_rgb8.png");

        Assert.True(fromPath.Pixels.SequenceEqual(fromBytes.Pixels));
    }

    [Fact]
    public void Decoded_png_pixels_equal_the_raw_bytes_of_the_same_picture()
    {
        // The P6 file's body is the picture's RGB bytes; read it here without any decoder.
        var ppm = Fixture.Bytes("lanczos_input.ppm");
        var header = "P6\n40 30\n255\n"u8;
        Assert.True(ppm.AsSpan().StartsWith(header));
        var raw = ppm[header.Length..];

        var image = ImageDecoder.Decode(Fixture.Path("lanczos_input.png"));

        Assert.Equal((40, 30), (image.Width, image.Height));
        Assert.Equal(raw, image.Pixels.ToArray());
    }

    [Fact]
    public void Jpeg_with_bytes_after_its_end_marker_still_decodes()
    {
        // Some cameras append data after EOI; viewers ignore it and so do we.
        var jpeg = Fixture.Bytes("jpeg_rgb.jpg").Concat("trailing maker data"u8.ToArray()).ToArray();

        Fixture.AssertQuadrants(ImageDecoder.Decode(jpeg, "trailing.jpg"), 12);
    }

    [Fact]
    public void Gif_decodes_its_first_frame_only()
    {
        // The second frame is black; the first is the quadrants.
        var image = ImageDecoder.Decode(Fixture.Path("gif_two_frames.gif"));

        Fixture.AssertQuadrants(image, 0);
    }

    [Fact]
    public void Sixteen_bit_grey_png_is_scaled_to_eight_bits()
    {
        // Column 0 is 0, column 31 is 65535: the ends of the 16-bit range map to 0 and 255.
        var image = ImageDecoder.Decode(Fixture.Path("png_gray16.png"));

        Assert.Equal(new Rgb(0, 0, 0), image.GetPixel(0, 5));
        Assert.Equal(new Rgb(255, 255, 255), image.GetPixel(31, 5));
        var middle = image.GetPixel(16, 5);
        Assert.Equal(middle.R, middle.G);
        Assert.InRange(middle.R, 120, 140);
    }

    [Theory]
    [InlineData("jpeg_gray.jpg", 2)]
    [InlineData("pnm_gray.pgm", 0)]
    [InlineData("tiff_gray.tif", 0)]
    public void Greyscale_images_become_equal_rgb_channels(string file, int tolerance)
    {
        var image = ImageDecoder.Decode(Fixture.Path(file));

        Fixture.AssertColor(new Rgb(50, 50, 50), image.GetPixel(8, 12), tolerance, "left half");
        Fixture.AssertColor(new Rgb(200, 200, 200), image.GetPixel(24, 12), tolerance, "right half");
    }

    [Theory]
    [InlineData("png_rgba.png")]
    [InlineData("webp_rgba_lossless.webp")]
    [InlineData("tiff_rgba.tif")]
    [InlineData("pnm_rgba.pam")]
    public void Rgba_is_composited_on_white(string file)
    {
        var image = ImageDecoder.Decode(Fixture.Path(file));

        // Red at alpha 0 → white. Green at alpha 128 → (255·127 + 127) / 255 = 127 for R and B, 255 for G.
        Assert.Equal(Rgb.White, image.GetPixel(8, 6));
        Assert.Equal(new Rgb(127, 255, 127), image.GetPixel(24, 6));
        Assert.Equal(Fixture.Blue, image.GetPixel(8, 18));
        Assert.Equal(Fixture.Yellow, image.GetPixel(24, 18));
    }

    [Fact]
    public void Binary_pbm_becomes_black_and_white()
    {
        var image = ImageDecoder.Decode(Fixture.Path("pnm_bits.pbm"));

        Assert.Equal((32, 24), (image.Width, image.Height));
        Assert.Equal(Rgb.Black, image.GetPixel(3, 3));
        Assert.Equal(Rgb.White, image.GetPixel(28, 20));
    }

    [Fact]
    public void One_bit_png_becomes_black_and_white()
    {
        var image = ImageDecoder.Decode(Fixture.Path("png_1bit.png"));

        Assert.Equal([Rgb.White, Rgb.Black, Rgb.Black, Rgb.White], [image.GetPixel(8, 6), image.GetPixel(24, 6), image.GetPixel(8, 18), image.GetPixel(24, 18)]);
    }

    [Fact]
    public void Grey_with_alpha_png_is_composited_on_white()
    {
        var image = ImageDecoder.Decode(Fixture.Path("png_gray_alpha.png"));

        // Black at alpha 255 stays black; black at alpha 64 → (255·191 + 127) / 255 = 191.
        Assert.Equal(Rgb.Black, image.GetPixel(4, 4));
        Assert.Equal(new Rgb(191, 191, 191), image.GetPixel(20, 4));
    }

    [Fact]
    public void Palette_png_with_a_transparent_entry_shows_white_there()
    {
        var image = ImageDecoder.Decode(Fixture.Path("png_palette_trns.png"));

        Assert.Equal(Rgb.White, image.GetPixel(8, 6));
        Assert.Equal(Fixture.Green, image.GetPixel(24, 6));
    }

    [Fact]
    public void Content_decides_the_format_not_the_extension()
    {
        var header = ImageDecoder.ReadHeader(Fixture.Path("jpeg_named.png"));
        var image = ImageDecoder.Decode(Fixture.Path("jpeg_named.png"));

        Assert.Equal(ImageFormat.Jpeg, header.Format);
        Fixture.AssertQuadrants(image, 12);
    }

    [Fact]
    public void Photo_jpeg_decodes_at_its_declared_size()
    {
        var image = ImageDecoder.Decode(Fixture.Path("photo_640x480.jpg"));

        Assert.Equal((640, 480), (image.Width, image.Height));
    }
}
