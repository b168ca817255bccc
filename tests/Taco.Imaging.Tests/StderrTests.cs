using Taco.Imaging;

namespace Taco.Imaging.Tests;

[CollectionDefinition(nameof(StderrTests), DisableParallelization = true)]
public sealed class StderrCollection;

/// <summary>Redirects file descriptor 2, so it runs alone.</summary>
[Collection(nameof(StderrTests))]
public sealed class StderrTests
{
    [Fact]
    public void Libpng_error_is_reported_in_the_exception_and_not_on_stderr()
    {
        var png = Fixture.Bytes("png_rgb8.png");
        var idat = png.AsSpan().IndexOf("IDAT"u8);
        png[idat + 6] ^= 0x55; // the first deflate byte: libpng reports a bad block (and the CRC no longer matches)

        ImageDecodeException? error = null;
        var stderr = StderrProbe.Capture(() => error = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(png, "crc.png")));

        Assert.Equal(string.Empty, stderr);
        Assert.Equal(ImageDecodeError.Corrupt, error!.Error);
        Assert.Contains("libpng error:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("photo_640x480.jpg")]
    [InlineData("jpeg_cmyk.jpg")]
    [InlineData("png_palette.png")]
    [InlineData("tiff_lzw.tif")]
    [InlineData("tiff_rgba.tif")]
    [InlineData("webp_lossy.webp")]
    [InlineData("gif_two_frames.gif")]
    [InlineData("bmp_palette8.bmp")]
    [InlineData("pnm_plain.ppm")]
    public void Corrupt_data_leaves_stderr_clean(string file)
    {
        var original = Fixture.Bytes(file);
        var random = new Random(99);

        var stderr = StderrProbe.Capture(() =>
        {
            for (var trial = 0; trial < 60; trial++)
            {
                var copy = (byte[])original.Clone();
                for (var i = 0; i < 4; i++)
                {
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                }

                try
                {
                    ImageDecoder.Decode(copy, file, new DecodeOptions { MaxPixels = 4_000_000 });
                }
                catch (ImageDecodeException)
                {
                    // Refusing is fine; printing is not.
                }
            }
        });

        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public void Probe_sees_what_is_written_to_stderr()
    {
        // Guards the two tests above against passing because the probe captures nothing.
        var stderr = StderrProbe.Capture(() =>
        {
            using var fd2 = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(2, ownsHandle: false), FileAccess.Write);
            fd2.Write("probe\n"u8);
        });

        Assert.Equal("probe\n", stderr);
    }
}
