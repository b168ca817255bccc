using Taco.Imaging;

namespace Taco.Imaging.Tests;

public sealed class GuardRailTests
{
    [Fact]
    public void Zero_byte_file_is_refused_as_empty()
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(Fixture.Path("empty.png")));

        Assert.Equal(ImageDecodeError.Empty, e.Error);
        Assert.Equal(Fixture.Path("empty.png"), e.FileName);
        Assert.Contains("empty.png", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text_named.png")]
    [InlineData("html_named.jpg")]
    public void Disguised_non_image_is_refused_before_decoding(string file)
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(Fixture.Path(file)));

        Assert.Equal(ImageDecodeError.NotAnImage, e.Error);
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("not an image", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_reported_as_unreadable()
    {
        var path = Fixture.Path("does-not-exist.png");

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(path));

        Assert.Equal(ImageDecodeError.Unreadable, e.Error);
        Assert.Equal(path, e.FileName);
    }

    [Fact]
    public void Image_above_the_default_pixel_limit_is_refused_from_its_header()
    {
        // A 15 kB PNG declaring 10000×6000 = 60 MP (a decompression bomb in miniature).
        var header = ImageDecoder.ReadHeader(Fixture.Path("bomb_60mp.png"));
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(Fixture.Path("bomb_60mp.png")));

        Assert.Equal((10000, 6000), (header.Width, header.Height));
        Assert.Equal(ImageDecodeError.TooLarge, e.Error);
        Assert.Contains("60,000,000", e.Reason, StringComparison.Ordinal);
        Assert.Contains("50,000,000", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Pixel_limit_is_configurable_and_inclusive()
    {
        var data = Fixture.Bytes("png_rgb8.png"); // 32×24 = 768 pixels

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data, "small.png", new DecodeOptions { MaxPixels = 767 }));
        var image = ImageDecoder.Decode(data, "small.png", new DecodeOptions { MaxPixels = 768 });

        Assert.Equal(ImageDecodeError.TooLarge, e.Error);
        Assert.Equal(32, image.Width);
    }

    [Theory]
    [InlineData("png_rgb8.png")]
    [InlineData("jpeg_rgb.jpg")]
    [InlineData("photo_640x480.jpg")]
    [InlineData("tiff_rgb.tif")]
    [InlineData("webp_lossless.webp")]
    [InlineData("webp_lossy.webp")]
    [InlineData("bmp_rgb24.bmp")]
    [InlineData("pnm_rgb.ppm")]
    [InlineData("gif_two_frames.gif")]
    public void Truncated_file_is_an_error_at_every_cut(string file)
    {
        var whole = Fixture.Bytes(file);
        foreach (var length in new[] { 1, 8, 20, whole.Length / 3, whole.Length / 2, whole.Length - 1 })
        {
            var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(whole.AsSpan(0, length), file));

            Assert.True(
                e.Error is ImageDecodeError.Truncated or ImageDecodeError.Corrupt or ImageDecodeError.NotAnImage,
                $"{file} cut to {length} bytes: {e.Error} {e.Message}");
            Assert.Contains(file, e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("png_rgb8.png")]
    [InlineData("jpeg_rgb.jpg")]
    [InlineData("tiff_rgb.tif")]
    [InlineData("webp_lossy.webp")]
    [InlineData("bmp_rgb24.bmp")]
    [InlineData("pnm_rgb.ppm")]
    public void Cut_in_half_is_reported_as_truncated(string file)
    {
        var whole = Fixture.Bytes(file);

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(whole.AsSpan(0, whole.Length / 2), file));

        Assert.Equal(ImageDecodeError.Truncated, e.Error);
        Assert.Contains("truncated", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_png_is_corrupt_with_the_decoders_reason()
    {
        var png = Fixture.Bytes("png_rgb8.png");
        var idat = png.AsSpan().IndexOf("IDAT"u8);
        png[idat + 6] ^= 0x55; // the first deflate byte: a bad block, and the chunk's CRC no longer matches

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(png, "crc.png"));

        Assert.Equal(ImageDecodeError.Corrupt, e.Error);
        Assert.Contains("crc.png", e.Message, StringComparison.Ordinal);
        Assert.Contains("IDAT chunk is corrupt", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Heic_from_a_phone_is_refused_with_a_hint()
    {
        byte[] heic = [0, 0, 0, 24, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'h', (byte)'e', (byte)'i', (byte)'c', 0, 0, 0, 0];

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(heic, "IMG_0001.HEIC"));

        Assert.Equal(ImageDecodeError.Unsupported, e.Error);
        Assert.Contains("heic", e.Reason, StringComparison.Ordinal);
        Assert.Contains("convert to JPEG", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BigTiff_is_refused_as_unsupported()
    {
        byte[] bigTiff = [(byte)'I', (byte)'I', 43, 0, 8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0];

        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(bigTiff, "big.tif"));

        Assert.Equal(ImageDecodeError.Unsupported, e.Error);
    }

    [Theory]
    [InlineData("png_rgb8.png")]
    [InlineData("png_palette.png")]
    [InlineData("jpeg_rgb.jpg")]
    [InlineData("jpeg_cmyk.jpg")]
    [InlineData("tiff_lzw.tif")]
    [InlineData("webp_lossy.webp")]
    [InlineData("webp_lossless.webp")]
    [InlineData("gif_two_frames.gif")]
    [InlineData("bmp_rgb24.bmp")]
    [InlineData("pnm_plain.ppm")]
    public void Corrupted_bytes_give_an_image_or_a_decode_error_never_a_crash(string file)
    {
        var whole = Fixture.Bytes(file);
        var random = new Random(1234);
        var decoded = 0;
        var refused = 0;
        for (var trial = 0; trial < 150; trial++)
        {
            var copy = (byte[])whole.Clone();
            var flips = 1 + random.Next(8);
            for (var i = 0; i < flips; i++)
            {
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
            }

            try
            {
                var image = ImageDecoder.Decode(copy, file, new DecodeOptions { MaxPixels = 4_000_000 });
                Assert.Equal((long)image.Width * image.Height * 3, image.Pixels.Length);
                decoded++;
            }
            catch (ImageDecodeException e)
            {
                Assert.Contains(file, e.Message, StringComparison.Ordinal);
                refused++;
            }
        }

        Assert.Equal(150, decoded + refused);
    }
}
