namespace Taco.Imaging.Codecs;

/// <summary>How a pixel with transparency becomes opaque: composited on white, as a page or a viewer shows it.</summary>
internal static class Alpha
{
    /// <summary>Straight (not premultiplied) colour <paramref name="c"/> at alpha <paramref name="a"/> over white, rounded to nearest.</summary>
    internal static byte OverWhite(byte c, int a) => (byte)(((c * a) + (255 * (255 - a)) + 127) / 255);
}
