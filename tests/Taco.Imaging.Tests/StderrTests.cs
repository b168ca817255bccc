using Taco.Imaging;

namespace Taco.Imaging.Tests;

[CollectionDefinition(nameof(StderrTests), DisableParallelization = true)]
public sealed class StderrCollection;

/// <summary>Redirects file descriptor 2, so it runs alone.</summary>
[Collection(nameof(StderrTests))]
public sealed class StderrTests
{
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
