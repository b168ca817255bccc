namespace Taco.Imaging;

/// <summary>One 8-bit RGB colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static Rgb Black => new(0, 0, 0);

    public static Rgb White => new(255, 255, 255);

    public static Rgb Red => new(255, 0, 0);

    public static Rgb Green => new(0, 255, 0);

    public static Rgb Blue => new(0, 0, 255);
}
