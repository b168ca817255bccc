namespace Taco.Imaging;

/// <summary>Limits and behaviour for <see cref="ImageDecoder"/>.</summary>
public sealed record DecodeOptions
{
    /// <summary>50 megapixels: above any phone camera in common use, and ~150 MB as RGB.</summary>
    public const long DefaultMaxPixels = 50_000_000;

    public static DecodeOptions Default { get; } = new();

    /// <summary>Images declaring more pixels than this are refused before decoding.</summary>
    public long MaxPixels { get; init; } = DefaultMaxPixels;

    /// <summary>Rotate/flip JPEGs as their EXIF orientation tag says, as photo viewers do.</summary>
    public bool ApplyExifOrientation { get; init; } = true;
}
