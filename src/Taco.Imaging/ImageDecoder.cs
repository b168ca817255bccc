using Taco.Imaging.Codecs;
using Taco.Imaging.Formats;

namespace Taco.Imaging;

/// <summary>
/// Decodes PNG, JPEG, TIFF (first page), WebP, GIF (first frame), BMP and PNM into <see cref="RgbImage"/>.
/// The header is checked first (format, size, pixel limit, truncation); only then does ImageSharp decode,
/// with the decoder of the sniffed format. Every failure is an <see cref="ImageDecodeException"/> naming the file.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Files above this size are refused before being read into memory.</summary>
    public const long MaxFileBytes = 1L << 30;

    private const string MemorySource = "<memory>";

    /// <summary>The codec library and its version, e.g. <c>SixLabors.ImageSharp 2.1.13</c> (for <c>taco doctor</c>).</summary>
    public static string Codecs => ImageSharpCodec.Description;

    /// <summary>
    /// Format and stored size as the file declares them, after the same structure checks as
    /// <see cref="Decode(string, DecodeOptions?)"/> (complete file, sane header), without decoding pixels.
    /// The pixel limit is not applied here, so callers can report an oversized image's size.
    /// </summary>
    public static ImageHeader ReadHeader(string path) => HeaderReader.Read(ReadFile(path), path);

    /// <inheritdoc cref="ReadHeader(string)"/>
    public static ImageHeader ReadHeader(ReadOnlySpan<byte> data, string? name = null) => HeaderReader.Read(data, name ?? MemorySource);

    public static RgbImage Decode(string path, DecodeOptions? options = null) => Decode(ReadFile(path), path, options);

    /// <param name="data">The encoded file.</param>
    /// <param name="name">Names the image in error messages (e.g. the original file name).</param>
    /// <param name="options">Pixel limit and EXIF handling; <see cref="DecodeOptions.Default"/> when null.</param>
    public static RgbImage Decode(ReadOnlySpan<byte> data, string? name = null, DecodeOptions? options = null)
    {
        options ??= DecodeOptions.Default;
        var source = name ?? MemorySource;
        var header = HeaderReader.Read(data, source, out var storedOrientation);
        if (header.PixelCount > options.MaxPixels)
        {
            throw new ImageDecodeException(
                source,
                ImageDecodeError.TooLarge,
                $"{header.Width}×{header.Height} = {header.PixelCount:N0} pixels exceeds the limit of {options.MaxPixels:N0}");
        }

        var orientation = options.ApplyExifOrientation ? storedOrientation : ExifOrientation.Normal;

        return ImageSharpCodec.Decode(data, header.Format, source, options.MaxPixels).ApplyExifOrientation(orientation);
    }

    private static byte[] ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new ImageDecodeException(path, ImageDecodeError.Unreadable, "the file does not exist");
            }

            if (info.Length > MaxFileBytes)
            {
                throw new ImageDecodeException(path, ImageDecodeError.TooLarge, $"the file is {info.Length:N0} bytes, above the {MaxFileBytes:N0}-byte limit");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageDecodeException(path, ImageDecodeError.Unreadable, e.Message, e);
        }
    }
}
