namespace Taco.Tools;

/// <summary>Byte layout of one pixel in a <see cref="PixelBuffer"/>.</summary>
public enum PixelFormat
{
    Gray8 = 1,
    Rgb24 = 3,
    Rgba32 = 4,
}
