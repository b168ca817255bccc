using Taco.Imaging.Interop;

namespace Taco.Imaging;

/// <summary>Encodes <see cref="RgbImage"/> as PNG or JPEG with Leptonica.</summary>
public static class ImageEncoder
{
    public const int DefaultJpegQuality = 90;

    public static byte[] EncodePng(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return LeptonicaImaging.EncodePng(image);
    }

    /// <param name="image">The image to encode.</param>
    /// <param name="quality">libjpeg quality 1–100.</param>
    public static byte[] EncodeJpeg(RgbImage image, int quality = DefaultJpegQuality)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        return LeptonicaImaging.EncodeJpeg(image, quality);
    }

    /// <summary>Writes PNG or JPEG chosen by the extension (<c>.png</c>, <c>.jpg</c>, <c>.jpeg</c>).</summary>
    public static void Save(RgbImage image, string path, int jpegQuality = DefaultJpegQuality)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var extension = Path.GetExtension(path).ToUpperInvariant();
        var bytes = extension switch
        {
            ".PNG" => EncodePng(image),
            ".JPG" or ".JPEG" => EncodeJpeg(image, jpegQuality),
            _ => throw new ArgumentException($"Cannot choose an encoder for '{path}': use a .png, .jpg or .jpeg extension.", nameof(path)),
        };
        File.WriteAllBytes(path, bytes);
    }
}
