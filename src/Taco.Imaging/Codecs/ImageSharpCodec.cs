using System.Reflection;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Pbm;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;

namespace Taco.Imaging.Codecs;

/// <summary>
/// The codecs, over SixLabors.ImageSharp 2.1 (managed). The format was already sniffed and the header checked
/// by <see cref="Formats.HeaderReader"/>, so the decoder is chosen by that format, never by ImageSharp's own detection.
/// </summary>
internal static class ImageSharpCodec
{
    // The pixel-count limit is checked from the header before decoding; ImageSharp's allocator is the backstop.
    private static readonly Configuration Configuration = Configuration.Default;

    private static readonly JpegDecoder Jpeg = new() { IgnoreMetadata = true };
    private static readonly PngDecoder Png = new() { IgnoreMetadata = true };
    private static readonly GifDecoder Gif = new() { IgnoreMetadata = true, DecodingMode = FrameDecodingMode.First };
    private static readonly TiffDecoder Tiff = new() { IgnoreMetadata = true, DecodingMode = FrameDecodingMode.First };
    private static readonly WebpDecoder Webp = new() { IgnoreMetadata = true };
    private static readonly BmpDecoder Bmp = new();
    private static readonly PbmDecoder Pbm = new();

    internal static string Description { get; } = "SixLabors.ImageSharp " + (typeof(Image).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "(unknown version)");

    /// <summary>Decodes to 8-bit RGB (grey replicated, 16-bit scaled, alpha composited on white, first frame only).</summary>
    internal static RgbImage Decode(ReadOnlySpan<byte> data, ImageFormat format, string source, long maxPixels)
    {
        if (format == ImageFormat.Pnm && data.Length > 1 && data[1] == (byte)'7')
        {
            return PamDecoder.Decode(data, source);
        }

        if (format == ImageFormat.Jpeg)
        {
            // JPEG has no alpha: decode straight to RGB (grey and CMYK are converted by the decoder).
            using var rgb = Load<Rgb24>(data, Jpeg, format, source);
            CheckDecodedSize(rgb.Width, rgb.Height, source, format, maxPixels);
            var pixels = new byte[checked(rgb.Width * rgb.Height * 3)];
            rgb.CopyPixelDataTo(pixels);
            return new RgbImage(rgb.Width, rgb.Height, pixels);
        }

        using var rgba = Load<Rgba32>(data, DecoderFor(format), format, source);
        CheckDecodedSize(rgba.Width, rgba.Height, source, format, maxPixels);
        return OverWhite(rgba);
    }

    internal static byte[] EncodePng(RgbImage image, int compressionLevel) => Encode(image, new PngEncoder
    {
        ColorType = PngColorType.Rgb,
        BitDepth = PngBitDepth.Bit8,
        CompressionLevel = (PngCompressionLevel)compressionLevel,
    });

    internal static byte[] EncodeJpeg(RgbImage image, int quality) =>
        Encode(image, new JpegEncoder { Quality = quality, ColorType = JpegColorType.YCbCrRatio420 });

    private static byte[] Encode(RgbImage image, IImageEncoder encoder)
    {
        // The image's own bytes are wrapped, not copied; encoders only read them.
        using var wrapped = Image.WrapMemory<Rgb24>(Configuration, MemoryMarshal.AsMemory(image.PixelMemory), image.Width, image.Height);
        using var output = new MemoryStream();
        wrapped.Save(output, encoder);
        return output.ToArray();
    }

    private static IImageDecoder DecoderFor(ImageFormat format) => format switch
    {
        ImageFormat.Png => Png,
        ImageFormat.Gif => Gif,
        ImageFormat.Tiff => Tiff,
        ImageFormat.WebP => Webp,
        ImageFormat.Bmp => Bmp,
        ImageFormat.Pnm => Pbm,
        _ => throw new NotSupportedException($"no decoder for {format}"),
    };

    private static Image<TPixel> Load<TPixel>(ReadOnlySpan<byte> data, IImageDecoder decoder, ImageFormat format, string source)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        try
        {
            return Image.Load<TPixel>(Configuration, data, decoder);
        }
        catch (Exception e) when (e is ImageFormatException or NotSupportedException or InvalidMemoryOperationException
            or ArgumentException or IndexOutOfRangeException or InvalidOperationException or EndOfStreamException or NullReferenceException)
        {
            // ImageSharp reports damaged data with the first three; on some bytes no writer makes, a few of its decoders
            // (WebP lossless, seen in GuardRailTests) fail with the others. Only the decoder runs inside this try.
            throw new ImageDecodeException(source, ImageDecodeError.Corrupt, $"the {format} data could not be decoded ({e.Message.TrimEnd('.')})", e);
        }
    }

    private static void CheckDecodedSize(int width, int height, string source, ImageFormat format, long maxPixels)
    {
        if ((long)width * height > maxPixels)
        {
            // The header said otherwise (e.g. a TIFF whose first IFD lies); refuse all the same.
            throw new ImageDecodeException(source, ImageDecodeError.Corrupt, $"the {format} data decodes to {width}×{height}, above the limit of {maxPixels:N0} pixels");
        }
    }

    private static RgbImage OverWhite(Image<Rgba32> image)
    {
        var width = image.Width;
        var pixels = new byte[checked(width * image.Height * 3)];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                var dst = pixels.AsSpan(y * width * 3, width * 3);
                for (var x = 0; x < row.Length; x++)
                {
                    var p = row[x];
                    if (p.A == 255)
                    {
                        dst[3 * x] = p.R;
                        dst[(3 * x) + 1] = p.G;
                        dst[(3 * x) + 2] = p.B;
                    }
                    else
                    {
                        dst[3 * x] = Alpha.OverWhite(p.R, p.A);
                        dst[(3 * x) + 1] = Alpha.OverWhite(p.G, p.A);
                        dst[(3 * x) + 2] = Alpha.OverWhite(p.B, p.A);
                    }
                }
            }
        });
        return new RgbImage(width, image.Height, pixels);
    }
}
