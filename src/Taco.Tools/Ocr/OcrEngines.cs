using Taco.Tools.Ocr.PpOcr;
using Taco.Tools.Ocr.Tesseract;

namespace Taco.Tools.Ocr;

/// <summary>
/// The engine behind <c>--ocr-engine ppocr|tesseract|auto</c>. <c>auto</c> (the default) is
/// <see cref="AutoOcrEngine"/> over the shared engines; when the PP-OCR models are not provisioned
/// it falls back to Tesseract alone, and when Tesseract is not installed (it is optional) to PP-OCR
/// alone, and says why in <see cref="Choice.Note"/>; an explicit <c>ppocr</c> fails with the
/// missing-files error, an explicit <c>tesseract</c> with one line saying how to install it.
/// </summary>
public static class OcrEngines
{
    public const string PpOcr = "ppocr";
    public const string Tesseract = "tesseract";
    public const string Auto = "auto";

    public static IReadOnlyList<string> Names { get; } = [Auto, PpOcr, Tesseract];

    /// <summary>
    /// The engine <paramref name="name"/> names (<see cref="Auto"/>, <see cref="PpOcr"/> or <see cref="Tesseract"/>, in
    /// any case, null meaning auto); null when it names none. The one check of an engine name.
    /// </summary>
    public static string? Find(string? name)
    {
        var normalized = (name ?? Auto).Trim().ToLowerInvariant();
        return Names.Contains(normalized) ? normalized : null;
    }

    public static Choice Create(string? name, PpOcrOptions? ppOcr = null, TesseractOptions? tesseract = null)
    {
        switch (Find(name))
        {
            case PpOcr:
                return new Choice(PpOcrEngine.Shared(ppOcr), null);
            case Tesseract:
                return TesseractOcrEngine.Unavailable(tesseract) is { } missing
                    ? throw new TesseractException(missing)
                    : new Choice(TesseractOcrEngine.Shared(tesseract), null);
            case Auto:
                var withoutTesseract = TesseractOcrEngine.Unavailable(tesseract);
                try
                {
                    return withoutTesseract is null
                        ? new Choice(new AutoOcrEngine(PpOcrEngine.Shared(ppOcr), TesseractOcrEngine.Shared(tesseract)), null)
                        : new Choice(PpOcrEngine.Shared(ppOcr), "auto OCR uses PP-OCR only (pages of prose read less well): " + withoutTesseract);
                }
                catch (PpOcrModelsNotFoundException e) when (withoutTesseract is null)
                {
                    return new Choice(TesseractOcrEngine.Shared(tesseract), "auto OCR uses Tesseract only: " + e.Message);
                }

            default:
                // Find(name) is null: no engine by that name.
                throw new ArgumentException($"Unknown OCR engine '{name}'; choose one of {string.Join(", ", Names)}.", nameof(name));
        }
    }

    /// <summary>The engine, and a note for the user when <c>auto</c> had to fall back.</summary>
    public sealed record Choice(IOcrEngine Engine, string? Note);
}
