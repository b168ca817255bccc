namespace Taco.Tools.Ocr.PpOcr;

/// <summary>
/// PP-OCR settings. Defaults are PaddleOCR's published inference parameters for PP-OCRv4
/// (det limit 960 on the longer side, DB thresh 0.3 / box 0.6, rec height 48); line images are cut out at the
/// box's size and resized with Lanczos-3, as PaddleOCR and the JavaScript reference do. taco adds, each measured
/// in docs/benchmarks.md: the word-spacing repair, the mask dilation PaddleOCR offers but leaves off, and a second
/// reading of coloured digit lines for LED displays. Besides <see cref="ModelDirectory"/>, these are the knobs of
/// the parity and accuracy runs (<c>ppocr-parity --set Name=Value</c>); parameters no run ever changed
/// (unclip ratio 1.5, 1,000 candidate regions, 180° threshold 0.9, drop score 0.5) are constants where they are used.
/// </summary>
public sealed record PpOcrOptions
{
    public static PpOcrOptions Default { get; } = new();

    /// <summary>A folder holding the model files; null searches <c>TACO_PPOCR_MODELS</c>, then the provisioning cache.</summary>
    public string? ModelDirectory { get; init; }

    /// <summary>Longer side of the detector input; larger images are shrunk to it.</summary>
    public int DetectionSideLimit { get; init; } = 960;

    /// <summary>Images whose longer side is below this are enlarged to it first, so tiny text reaches the detector at a readable size.</summary>
    public int DetectionMinSide { get; init; } = 320;

    /// <summary>How pixels are scaled into the detector: ImageNet mean/std (PaddleOCR) or plain 0–1.</summary>
    public PpOcrScaling DetectionScaling { get; init; } = PpOcrScaling.ImageNet;

    public float BinaryThreshold { get; init; } = 0.3f;

    public float BoxThreshold { get; init; } = 0.6f;

    /// <summary>
    /// Grow the text mask by 2×2 before finding regions (PaddleOCR's <c>use_dilation</c>, off there by default);
    /// joins the dots of dot-matrix digits into one box. On here: more prices found on the committed and
    /// held-out sets alike (docs/benchmarks.md, "PP-OCR: line sampling, LED digits").
    /// </summary>
    public bool UseDilation { get; init; } = true;

    public bool UseAngleClassifier { get; init; } = true;

    /// <summary>
    /// How a detected box becomes a line image of the recognizer's height. Cutting the box out at its own
    /// size and then resizing with Lanczos-3 (the default) keeps the gaps between English words visible
    /// to the recognizer: on the prose scans it cut the CER from 8.0% to 0.1% against one direct warp
    /// (docs/benchmarks.md, "PP-OCR: line sampling").
    /// </summary>
    public PpOcrLineSampling LineSampling { get; init; } = PpOcrLineSampling.NativeThenLanczos;

    /// <summary>How pixels are scaled into the recognizer and classifier: −1…1 (PaddleOCR) or plain 0–1.</summary>
    public PpOcrScaling RecognitionScaling { get; init; } = PpOcrScaling.Signed;

    /// <summary>
    /// Coloured lines with digits are read a second time as the brightest of R, G, B, box-blurred by
    /// <see cref="LedBlurRadius"/>, and the more confident reading is kept: LED digits (seven-segment with
    /// faint unlit segments, dot-matrix) otherwise read as "8.88" or as scattered dots. Measured on the
    /// photo-like sets (docs/benchmarks.md): prices 32 → 45/55, held-out 54 → 67/83.
    /// </summary>
    public bool LedRetry { get; init; } = true;

    /// <summary>Radius in line-image pixels (of 48) of the box blur in the LED view; 0 = brightest channel only.</summary>
    public int LedBlurRadius { get; init; } = 4;

    /// <summary>
    /// Letters read inside a decimal number are put back as the digits they look like ("4.B2" → "4.82"; see
    /// <see cref="NumberConfusables"/>). Photo-like prices 45 → 48/55, held-out 67 → 69/83; documents unchanged.
    /// </summary>
    public bool RepairNumberConfusables { get; init; } = true;

    /// <summary>Recognizer batches narrower than this are padded to it (PaddleOCR's rec_image_shape width, 320).</summary>
    public int RecognitionMinWidth { get; init; } = 320;

    public int RecognitionBatchSize { get; init; } = 6;

    /// <summary>
    /// Word-spacing repair: a space is put between two ASCII characters when the space class reached this
    /// probability in the blank steps between them (see <c>CtcDecoder</c>); 0 turns the repair off. 0.05 was
    /// chosen on the fixture sets (docs/benchmarks.md, "PP-OCR parity and word spacing"): it restores most
    /// lost spaces and puts none inside numbers; 0.02 restores more but also splits a few words that are one.
    /// </summary>
    public float SpaceEvidence { get; init; } = 0.05f;
}

/// <summary>How 8-bit pixels become network inputs.</summary>
public enum PpOcrScaling
{
    /// <summary>(x/255 − mean) / std with ImageNet's statistics.</summary>
    ImageNet,

    /// <summary>x/127.5 − 1, i.e. −1…1.</summary>
    Signed,

    /// <summary>x/255, i.e. 0…1 (what @gutenye/ocr-node feeds both networks).</summary>
    Unit,
}

/// <summary>How a text box is cut out and brought to the recognizer's line height.</summary>
public enum PpOcrLineSampling
{
    /// <summary>One perspective warp straight to the line height (bilinear, supersampled when shrinking).</summary>
    Direct,

    /// <summary>
    /// A bilinear perspective warp at the box's own size, then a Lanczos-3 resize to the line height
    /// (PaddleOCR and @gutenye/ocr-node also warp at native size, with a cubic kernel; cubic measured no better here).
    /// </summary>
    NativeThenLanczos,
}
