using Taco.Imaging;

namespace Taco.Tools.Ocr;

/// <summary>
/// Picks an engine per image: PP-OCR first (photos, signs, boards, receipts, shelves), and Tesseract
/// instead when PP-OCR's lines look like a dense page of prose. Measured on the fixture sets
/// (docs/benchmarks.md, PP-OCR section): PP-OCR's Chinese recognizer drops the spaces of long English
/// lines ("ofgas") and misses small body text, where Tesseract is exact; on everything else PP-OCR
/// reads more. "Dense prose" = at least <see cref="MinDocumentLines"/> detected lines whose median
/// length is at least <see cref="MinDocumentLineLength"/> characters (price rows and labels are short).
/// </summary>
public sealed class AutoOcrEngine : IOcrEngine
{
    public const int MinDocumentLines = 5;
    public const int MinDocumentLineLength = 25;

    private readonly IOcrEngine _scene;
    private readonly IOcrEngine _document;

    public AutoOcrEngine(IOcrEngine scene, IOcrEngine document)
    {
        ArgumentNullException.ThrowIfNull(scene);
        ArgumentNullException.ThrowIfNull(document);
        _scene = scene;
        _document = document;
    }

    public string Name => "auto";

    /// <summary>Whether a scene-text result looks like a page of prose, better left to the document engine.</summary>
    public static bool LooksLikeDocument(OcrResult sceneResult)
    {
        ArgumentNullException.ThrowIfNull(sceneResult);
        if (sceneResult.Lines.Length < MinDocumentLines)
        {
            return false;
        }

        var lengths = sceneResult.Lines.Select(l => l.Text.Count(c => !char.IsWhiteSpace(c))).Order().ToList();
        return lengths[lengths.Count / 2] >= MinDocumentLineLength;
    }

    public OcrResult Recognize(RgbImage image, CancellationToken cancellationToken = default)
    {
        var scene = _scene.Recognize(image, cancellationToken);
        return LooksLikeDocument(scene) ? _document.Recognize(image, cancellationToken) : scene;
    }
}
