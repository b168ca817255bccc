using BenchmarkDotNet.Attributes;
using Taco.Benchmarks.Imaging;
using Taco.Benchmarks.PpOcr;
using Taco.Imaging;
using Taco.Onnx;
using Taco.Tools;
using Taco.Tools.Depth;
using Taco.Tools.Ocr.Tesseract;
using Taco.Tools.Regions;

namespace Taco.Benchmarks.Tools;

/// <summary>
/// EstimateRegionDepth on a 640×480 photo after warm-up (shipped tiny-depth-trained: 182×140 input),
/// split into preprocessing, the network and the map's resize back; the one-time model load; Crop and
/// ZoomIn on the same photo; and Tesseract's one-time engine initialisation (fresh engine + first page).
/// </summary>
[Config(typeof(ShortInProcessConfig))]
[MemoryDiagnoser]
public class DepthBenchmarks
{
    private static readonly string ModelDir = Path.Combine(Paths.RepoRoot, "models", "tiny-depth-trained");

    private OnnxRuntime _runtime = null!;
    private DepthEstimator _depth = null!;
    private RgbImage _photo = null!;
    private RgbImage _sign = null!;
    private float[] _pixelValues = null!;
    private int _inputWidth;
    private int _inputHeight;
    private DepthMap _modelMap = null!;

    [GlobalSetup]
    public void Setup()
    {
        _runtime = OnnxRuntime.Initialize();
        _depth = DepthEstimator.Load(ModelDir, _runtime);
        _photo = ImageDecoder.Decode(Path.Combine(Paths.RepoRoot, "tests", "Taco.Imaging.Tests", "Fixtures", "photo_640x480.jpg"));
        (_pixelValues, _inputWidth, _inputHeight) = _depth.Preprocessing.ToTensor(_photo);
        _modelMap = _depth.Predict(_pixelValues, _inputWidth, _inputHeight);
        _depth.Estimate(_photo);
        _sign = PnmGz.Read(Path.Combine(Paths.RepoRoot, "models", "recipes", "fixtures", "ppocr", "committed", "photo-02-panel.ppm.gz"));
    }

    [GlobalCleanup]
    public void Cleanup() => _depth.Dispose();

    [Benchmark(Description = "Depth 640x480: preprocess + network + resize back + region value")]
    public double DepthRegion() => _depth.Estimate(_photo).RegionDepth(new BoundingBox(0.2, 0.4, 0.6, 0.9));

    [Benchmark(Description = "Depth 640x480: preprocess only (bicubic to 182x140, normalise)")]
    public int DepthPreprocess() => _depth.Preprocessing.ToTensor(_photo).Width;

    [Benchmark(Description = "Depth 182x140: network only (ONNX Runtime)")]
    public float DepthNetwork() => _depth.Predict(_pixelValues, _inputWidth, _inputHeight).Max;

    [Benchmark(Description = "Depth map 182x140 -> 640x480 (bilinear)")]
    public float DepthResizeBack() => DepthMap.Resize(_modelMap.Values, _modelMap.Width, _modelMap.Height, 640, 480).Max;

    [Benchmark(Description = "Depth model load (session + preprocessor config)")]
    public int DepthLoad()
    {
        using var estimator = DepthEstimator.Load(ModelDir, _runtime);
        return estimator.Preprocessing.TargetWidth;
    }

    [Benchmark(Description = "Crop 640x480 (outline + 50% margin)")]
    public int Crop() => RegionCropper.Crop(_photo, new BoundingBox(0.3, 0.3, 0.6, 0.6)).Width;

    [Benchmark(Description = "ZoomIn 640x480, box 0.3 wide, x3 (Lanczos, 864x648 out)")]
    public int ZoomIn()
    {
        var crop = RegionCropper.Crop(_photo, new BoundingBox(0.3, 0.3, 0.6, 0.6));
        var (w, h) = RegionGeometry.ZoomedSize(crop.Width, crop.Height, 3, ZoomInTool.DefaultMaxSide);
        return crop.ResizeHighQuality(w, h).Width;
    }

    [Benchmark(Description = "Tesseract init: fresh engine + first 640x480 sign")]
    public string TesseractFirstPage()
    {
        using var engine = new TesseractOcrEngine();
        return engine.Recognize(_sign).Text;
    }
}
