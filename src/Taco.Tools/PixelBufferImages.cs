using Taco.Imaging;

namespace Taco.Tools;

/// <summary>Between the tools' raw <see cref="PixelBuffer"/> and Taco.Imaging's <see cref="RgbImage"/>.</summary>
public static class PixelBufferImages
{
    /// <summary>8-bit RGB; gray is replicated and alpha composited on white, as the decoder does for files.</summary>
    public static RgbImage ToRgbImage(PixelBuffer pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        var width = pixels.Width;
        var data = new byte[checked(width * pixels.Height * 3)];
        for (var y = 0; y < pixels.Height; y++)
        {
            var row = pixels.Row(y);
            var dst = data.AsSpan(y * width * 3, width * 3);
            switch (pixels.Format)
            {
                case PixelFormat.Rgb24:
                    row.CopyTo(dst);
                    break;
                case PixelFormat.Gray8:
                    for (var x = 0; x < width; x++)
                    {
                        dst[3 * x] = dst[(3 * x) + 1] = dst[(3 * x) + 2] = row[x];
                    }

                    break;
                default:
                    for (var x = 0; x < width; x++)
                    {
                        var alpha = row[(4 * x) + 3];
                        for (var c = 0; c < 3; c++)
                        {
                            dst[(3 * x) + c] = (byte)(((row[(4 * x) + c] * alpha) + (255 * (255 - alpha)) + 127) / 255);
                        }
                    }

                    break;
            }
        }

        return new RgbImage(width, pixels.Height, data);
    }

    public static PixelBuffer ToPixelBuffer(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new PixelBuffer(image.Width, image.Height, image.Stride, PixelFormat.Rgb24, image.Pixels.ToArray());
    }
}
