using BenchmarkDotNet.Attributes;
using Taco.Benchmarks.Imaging;
using Taco.Imaging;
using Taco.Tools;
using Taco.Tools.Ocr.PpOcr;
using Taco.Tools.Ocr.Tesseract;

namespace Taco.Benchmarks.PpOcr;

/// <summary>
/// Per-image latency of the PP-OCR engine after warm-up (models loaded once in setup) on two
/// 640×480 fixtures — a photo-like price sign (4 lines) and a rendered receipt (11 lines) — with
/// Tesseract on the same images for comparison, and the one-time model load.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
[MemoryDiagnoser]
public class PpOcrBenchmarks
{
    private PpOcrEngine _engine = null!;
    private TesseractOcrEngine _tesseract = null!;
    private RgbImage _sign = null!;
    private RgbImage _receipt = null!;

    [GlobalSetup]
    public void Setup()
    {
        _engine = new PpOcrEngine();
        _tesseract = new TesseractOcrEngine();
        _sign = PnmGz.Read(Path.Combine(Paths.RepoRoot, "models", "recipes", "fixtures", "ppocr", "committed", "photo-02-panel.ppm.gz"));
        _receipt = PnmGz.Read(Path.Combine(Paths.RepoRoot, "models", "recipes", "fixtures", "ocr", "committed", "clean-02-receipt.ppm.gz"));
        _engine.Recognize(_sign);
        _tesseract.Recognize(_sign);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _tesseract.Dispose();
    }

    [Benchmark(Description = "PP-OCR 640x480 sign (4 lines)")]
    public string PpOcrSign() => _engine.Recognize(_sign).Text;

    [Benchmark(Description = "PP-OCR 640x480 receipt (11 lines)")]
    public string PpOcrReceipt() => _engine.Recognize(_receipt).Text;

    [Benchmark(Description = "Tesseract 640x480 sign")]
    public string TesseractSign() => _tesseract.Recognize(_sign).Text;

    [Benchmark(Description = "Tesseract 640x480 receipt")]
    public string TesseractReceipt() => _tesseract.Recognize(_receipt).Text;

    [Benchmark(Description = "PP-OCR model load (det + cls + rec + keys)")]
    public int LoadModels()
    {
        using var engine = new PpOcrEngine();
        return engine.Name.Length;
    }
}
