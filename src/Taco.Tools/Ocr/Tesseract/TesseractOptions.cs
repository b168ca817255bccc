namespace Taco.Tools.Ocr.Tesseract;

/// <summary>How to find and run Tesseract. Equal options share one engine pool per process.</summary>
public sealed record TesseractOptions
{
    public static TesseractOptions Default { get; } = new();

    /// <summary>Folder holding <c>&lt;language&gt;.traineddata</c>; null searches (see <see cref="TessdataLocator"/>).</summary>
    public string? DataPath { get; init; }

    /// <summary>Tesseract language code(s), e.g. <c>eng</c> or <c>eng+deu</c>.</summary>
    public string Language { get; init; } = "eng";

    public PageSegmentation PageSegmentation { get; init; } = PageSegmentation.SingleBlock;

    /// <summary>
    /// A second segmentation tried on every image; the more confident reading wins. Layouts
    /// differ (a receipt reads best as one block, scattered labels as sparse text) and no
    /// single mode handles both. Null runs one pass.
    /// </summary>
    public PageSegmentation? AlternateSegmentation { get; init; }

    /// <summary>Resolution reported to Tesseract for raw pixels (which carry none).</summary>
    public int Dpi { get; init; } = 300;

    /// <summary>Most native engines alive at once; each holds the model (~40 MB) and serves one image at a time.</summary>
    public int MaxEngines { get; init; } = Math.Max(1, Environment.ProcessorCount);

    public OcrPreprocessing Preprocessing { get; init; } = OcrPreprocessing.Default;

    /// <summary>
    /// Tesseract parameters set at initialisation (name → value), e.g. <c>thresholding_method</c>.
    /// Kept as a sorted string so that equal options compare equal (the shared pools are keyed by options).
    /// </summary>
    public string Variables { get; init; } = string.Empty;

    /// <summary><see cref="Variables"/> parsed: <c>name=value</c> pairs separated by <c>;</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ParseVariables() =>
        Variables.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2, StringSplitOptions.TrimEntries))
            .Select(p => p.Length == 2 && p[0].Length > 0
                ? new KeyValuePair<string, string>(p[0], p[1])
                : throw new ArgumentException($"Tesseract variable '{string.Join('=', p)}' is not name=value."))
            .ToList();
}
