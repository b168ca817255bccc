namespace Taco.Tools.Ocr;

/// <summary>
/// Image preparation before recognition. Defaults are the combination that measured best
/// on the project's fixture set (see docs/benchmarks.md, "Tools").
/// </summary>
public sealed record OcrPreprocessing
{
    public static OcrPreprocessing Default { get; } = new();

    /// <summary>No preparation at all: the pixels go to the engine as given.</summary>
    public static OcrPreprocessing None { get; } = new() { Grayscale = false, StretchContrast = false, Scale = 1, AdaptiveMinLineHeight = 0 };

    /// <summary>Convert to 8-bit luminance first.</summary>
    public bool Grayscale { get; init; } = true;

    /// <summary>Stretch the 1st–99th percentile of gray levels to 0–255 (helps washed-out photos).</summary>
    public bool StretchContrast { get; init; } = true;

    /// <summary>Fixed enlargement applied before the first pass.</summary>
    public double Scale { get; init; } = 1;

    /// <summary>
    /// When the median line found is shorter than this many pixels (or nothing is found),
    /// enlarge so it would reach it and recognise again, keeping the more confident result.
    /// 0 turns the second pass off.
    /// </summary>
    public int AdaptiveMinLineHeight { get; init; }

    /// <summary>Largest image handed to the engine after enlargement, in pixels.</summary>
    public long MaxPixels { get; init; } = 16_000_000;
}
