using Taco.Imaging;

namespace Taco.Tools.Tests.Regions;

/// <summary>Synthetic pictures whose every pixel is known, so crops and zooms can be checked exactly.</summary>
internal static class RegionImages
{
    /// <summary>Pixel (x, y) has R = x, G = y, B = 7: any crop reveals where it came from.</summary>
    public static RgbImage Coordinates(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = 3 * ((y * width) + x);
                pixels[i] = (byte)x;
                pixels[i + 1] = (byte)y;
                pixels[i + 2] = 7;
            }
        }

        return new RgbImage(width, height, pixels);
    }

    public static (byte R, byte G, byte B) At(RgbImage image, int x, int y)
    {
        var row = image.Row(y);
        return (row[3 * x], row[(3 * x) + 1], row[(3 * x) + 2]);
    }
}
