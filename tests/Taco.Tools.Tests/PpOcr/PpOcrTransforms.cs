using Taco.Imaging;

namespace Taco.Tools.Tests.PpOcr;

/// <summary>Pixel rearrangements of a fixture (quarter and half turns, scaling, a tilt) for the orientation and size tests.</summary>
internal static class PpOcrTransforms
{
    public static RgbImage Rotate180(RgbImage image) => Map(image, image.Width, image.Height, (x, y) => (image.Width - 1 - x, image.Height - 1 - y));

    /// <summary>A quarter turn clockwise: text then runs top to bottom.</summary>
    public static RgbImage RotateClockwise(RgbImage image) => Map(image, image.Height, image.Width, (x, y) => (y, image.Height - 1 - x));

    /// <summary>Nearest-neighbour scaling by a rational factor (keeps glyph edges sharp, as a zoomed photo would be).</summary>
    public static RgbImage Scale(RgbImage image, double factor) =>
        Map(image, (int)(image.Width * factor), (int)(image.Height * factor), (x, y) => (Math.Min(image.Width - 1, (int)(x / factor)), Math.Min(image.Height - 1, (int)(y / factor))));

    /// <summary>
    /// The image turned <paramref name="degrees"/> counter-clockwise about its centre (nearest pixel, same size,
    /// uncovered corners filled with the top-left pixel's colour), as a photo taken with the camera tilted.
    /// </summary>
    public static RgbImage Tilt(RgbImage image, double degrees)
    {
        var a = degrees * Math.PI / 180;
        var (cos, sin) = (Math.Cos(a), Math.Sin(a));
        var (cx, cy) = ((image.Width - 1) / 2.0, (image.Height - 1) / 2.0);
        return Map(image, image.Width, image.Height, (x, y) =>
        {
            var sx = (int)Math.Round(cx + ((x - cx) * cos) - ((y - cy) * sin));
            var sy = (int)Math.Round(cy + ((x - cx) * sin) + ((y - cy) * cos));
            return sx < 0 || sy < 0 || sx >= image.Width || sy >= image.Height ? (0, 0) : (sx, sy);
        });
    }

    /// <summary>A flat colour with no text at all.</summary>
    public static RgbImage Blank(int width, int height, byte r, byte g, byte b)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < pixels.Length; i += 3)
        {
            (pixels[i], pixels[i + 1], pixels[i + 2]) = (r, g, b);
        }

        return new RgbImage(width, height, pixels);
    }

    private static RgbImage Map(RgbImage image, int width, int height, Func<int, int, (int X, int Y)> source)
    {
        const int bpp = 3;
        var pixels = new byte[width * height * bpp];
        var src = image.Pixels;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (sx, sy) = source(x, y);
                src.Slice((sy * image.Stride) + (sx * bpp), bpp).CopyTo(pixels.AsSpan(((y * width) + x) * bpp, bpp));
            }
        }

        return new RgbImage(width, height, pixels);
    }
}
