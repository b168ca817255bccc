using Taco.Imaging;

namespace Taco.Tools.Ocr;

/// <summary>An OCR engine usable from any thread (implementations pool their native handles).</summary>
public interface IOcrEngine
{
    string Name { get; }

    OcrResult Recognize(RgbImage image, CancellationToken cancellationToken = default);
}
