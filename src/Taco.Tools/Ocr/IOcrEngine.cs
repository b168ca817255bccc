namespace Taco.Tools.Ocr;

/// <summary>An OCR engine usable from any thread (implementations pool their native handles).</summary>
public interface IOcrEngine
{
    string Name { get; }

    OcrResult Recognize(PixelBuffer image, CancellationToken cancellationToken = default);
}
