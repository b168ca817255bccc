namespace Taco.Tools;

/// <summary>TACO's box: <c>[left, top, right, bottom]</c> as fractions 0–1 of width/height from the top-left.</summary>
public readonly record struct BoundingBox(double Left, double Top, double Right, double Bottom)
{
    public double Width => Right - Left;

    public double Height => Bottom - Top;
}
