using Taco.Imaging;
using Taco.Tools;

namespace Taco.Cli.Infrastructure;

/// <summary>Input images: decoded by Taco.Imaging (guard rails, EXIF) and handed to tools as raw RGB.</summary>
internal static class CliImages
{
    /// <summary>Decodes a file; a missing, unreadable or non-image file becomes a one-line bad-input error.</summary>
    public static PixelBuffer Load(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CliException(ExitCodes.BadInput, $"{path} is a directory, not an image file.");
        }

        // ImageDecodeException names the file and the reason; TacoApp maps it to BadInput.
        return ToPixels(ImageDecoder.Decode(path));
    }

    public static PixelBuffer ToPixels(RgbImage image) => PixelBufferImages.ToPixelBuffer(image);
}
