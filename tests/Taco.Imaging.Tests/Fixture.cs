using Taco.Imaging;

namespace Taco.Imaging.Tests;

/// <summary>Paths to the committed fixtures and the colours of their "quadrants" pattern.</summary>
internal static class Fixture
{
    public static readonly Rgb Red = new(255, 0, 0);
    public static readonly Rgb Green = new(0, 255, 0);
    public static readonly Rgb Blue = new(0, 0, 255);
    public static readonly Rgb Yellow = new(255, 255, 0);

    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));

    /// <summary>Asserts the centre of each 1/4 of the image has the quadrant pattern's colour.</summary>
    public static void AssertQuadrants(RgbImage image, int tolerance)
    {
        int w = image.Width, h = image.Height;
        AssertColor(Red, image.GetPixel(w / 4, h / 4), tolerance, "top-left");
        AssertColor(Green, image.GetPixel(3 * w / 4, h / 4), tolerance, "top-right");
        AssertColor(Blue, image.GetPixel(w / 4, 3 * h / 4), tolerance, "bottom-left");
        AssertColor(Yellow, image.GetPixel(3 * w / 4, 3 * h / 4), tolerance, "bottom-right");
    }

    public static void AssertColor(Rgb expected, Rgb actual, int tolerance, string where = "")
    {
        var worst = Math.Max(Math.Abs(expected.R - actual.R), Math.Max(Math.Abs(expected.G - actual.G), Math.Abs(expected.B - actual.B)));
        Assert.True(worst <= tolerance, $"{where}: expected {expected}, got {actual} (tolerance {tolerance})");
    }
}
