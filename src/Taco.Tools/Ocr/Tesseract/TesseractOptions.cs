namespace Taco.Tools.Ocr.Tesseract;

/// <summary>How to find and run Tesseract. Equal options share one engine pool per process.</summary>
public sealed record TesseractOptions
{
    public static TesseractOptions Default { get; } = new();

    /// <summary>Folder holding <c>&lt;language&gt;.traineddata</c>; null searches (see <see cref="TessdataLocator"/>).</summary>
    public string? DataPath { get; init; }

    /// <summary>Tesseract language code(s), e.g. <c>eng</c> or <c>eng+deu</c>.</summary>
    public string Language { get; init; } = "eng";

    public PageSegmentation PageSegmentation { get; init; } = PageSegmentation.SparseText;

    /// <summary>Resolution reported to Tesseract for raw pixels (which carry none).</summary>
    public int Dpi { get; init; } = 300;

    /// <summary>Most native engines alive at once; each holds the model (~40 MB) and serves one image at a time.</summary>
    public int MaxEngines { get; init; } = Math.Max(1, Environment.ProcessorCount);

    public OcrPreprocessing Preprocessing { get; init; } = OcrPreprocessing.Default;
}
