using BenchmarkDotNet.Attributes;
using Taco.Imaging;
using Taco.Inference.Models;
using Taco.Inference.Preprocessing;

namespace Taco.Benchmarks.Imaging;

/// <summary>
/// Issue 14: a JPEG photo decoded (ImageSharp, with taco's header checks) and preprocessed for the shipped VLM
/// (taco-tiny's CLIP-style processor: PIL bicubic to the shortest edge, centre crop, normalise). Until commit
/// 623eef0 this class also ran the Leptonica decoder ImageSharp replaced; those figures are in docs/benchmarks.md.
/// Run: dotnet run -c Release --project bench/Taco.Benchmarks -- --filter '*DecodeAndPreprocess*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortInProcessConfig))]
public class DecodeAndPreprocessBenchmarks
{
    private byte[] jpeg = [];
    private LlavaImageProcessor processor = null!;

    [Params("1024x768", "4032x3024")]
    public string Photo { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var size = Photo.Split('x').Select(int.Parse).ToArray();
        var source = ImageDecoder.Decode(Path.Combine(Paths.RepoRoot, "tests", "Taco.Imaging.Tests", "Fixtures", "photo_640x480.jpg"));
        jpeg = ImageEncoder.EncodeJpeg(source.ResizeHighQuality(size[0], size[1]), 90);
        processor = new LlavaImageProcessor(ModelDirectory.Open(Path.Combine(Paths.RepoRoot, "models", "taco-tiny")));
    }

    [Benchmark(Description = "Decode JPEG")]
    public RgbImage Decode() => ImageDecoder.Decode(jpeg, Photo);

    [Benchmark(Description = "Decode JPEG + taco-tiny preprocessing")]
    public ProcessedImage DecodeAndPreprocess() => processor.Process(Decode());
}
