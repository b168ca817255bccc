namespace Taco.Imaging;

/// <summary>An axis-aligned rectangle in pixels: <see cref="X"/>/<see cref="Y"/> are the top-left corner, inclusive.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    /// <summary>The first column to the right of the rectangle (exclusive).</summary>
    public int Right => X + Width;

    /// <summary>The first row below the rectangle (exclusive).</summary>
    public int Bottom => Y + Height;

    public bool IsEmpty => Width <= 0 || Height <= 0;

    /// <summary>Builds a rectangle from inclusive left/top and exclusive right/bottom edges.</summary>
    public static PixelRect FromEdges(int left, int top, int right, int bottom) => new(left, top, right - left, bottom - top);

    /// <summary>The part of this rectangle inside a <paramref name="width"/> × <paramref name="height"/> image (possibly empty).</summary>
    public PixelRect ClampTo(int width, int height)
    {
        var left = Math.Clamp(X, 0, width);
        var top = Math.Clamp(Y, 0, height);
        var right = Math.Clamp(Right, left, width);
        var bottom = Math.Clamp(Bottom, top, height);
        return FromEdges(left, top, right, bottom);
    }
}
