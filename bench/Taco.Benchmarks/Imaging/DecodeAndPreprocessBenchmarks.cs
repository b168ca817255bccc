using BenchmarkDotNet.Attributes;
using Taco.Imaging;
using Taco.Imaging.Formats;
using Taco.Imaging.Interop;
using Taco.Inference.Models;
using Taco.Inference.Preprocessing;

namespace Taco.Benchmarks.Imaging;

/// <summary>
/// Issue 14: a JPEG photo decoded and preprocessed for the shipped VLM (taco-tiny's CLIP-style processor: PIL
/// bicubic to the shortest edge, centre crop, normalise), with ImageSharp (today's <see cref="ImageDecoder"/>)
/// against the Leptonica decoder it replaced, same header checks in both. The setup prints how far the two
/// decoders' pixels are apart.
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

    [Params("Leptonica", "ImageSharp")]
    public string Decoder { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var size = Photo.Split('x').Select(int.Parse).ToArray();
        var source = ImageDecoder.Decode(Path.Combine(Paths.RepoRoot, "tests", "Taco.Imaging.Tests", "Fixtures", "photo_640x480.jpg"));
        jpeg = ImageEncoder.EncodeJpeg(source.ResizeHighQuality(size[0], size[1]), 90);
        processor = new LlavaImageProcessor(ModelDirectory.Open(Path.Combine(Paths.RepoRoot, "models", "taco-tiny")));

        var a = DecodeWithLeptonica();
        var b = ImageDecoder.Decode(jpeg, Photo);
        var differences = a.Pixels.ToArray().Zip(b.Pixels.ToArray(), (x, y) => Math.Abs(x - y)).ToArray();
        var tensorA = processor.Process(a).PixelValues.ToArray();
        var tensorB = processor.Process(b).PixelValues.ToArray();
        var tensorDiff = tensorA.Zip(tensorB, (x, y) => Math.Abs(x - y)).Max();
        Console.WriteLine(
            $"// {Photo} JPEG q90: Leptonica vs ImageSharp pixels: max |Δ| {differences.Max()}, mean |Δ| {differences.Average():F3}, "
            + $"{differences.Count(d => d > 0) * 100.0 / differences.Length:F1}% of samples differ; taco-tiny pixel_values max |Δ| {tensorDiff:F4}");
    }

    [Benchmark(Description = "Decode JPEG")]
    public RgbImage Decode() => Decoder == "Leptonica" ? DecodeWithLeptonica() : ImageDecoder.Decode(jpeg, Photo);

    [Benchmark(Description = "Decode JPEG + taco-tiny preprocessing")]
    public ProcessedImage DecodeAndPreprocess() => processor.Process(Decode());

    private RgbImage DecodeWithLeptonica()
    {
        var header = HeaderReader.Read(jpeg, Photo, out _);
        return LeptonicaImaging.Decode(jpeg, header.Format, DecodeOptions.DefaultMaxPixels, out _)!;
    }
}
