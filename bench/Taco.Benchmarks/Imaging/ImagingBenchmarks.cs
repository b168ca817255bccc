using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Taco.Imaging;

namespace Taco.Benchmarks.Imaging;

/// <summary>
/// Preprocessing a 1024×768 photo for a 384×384 vision encoder, its parts, decoding a 640×480 and a
/// 12 MP JPEG, turning a 12 MP photo upright, and PNG encoding for traces.
/// Run: dotnet run -c Release --project bench/Taco.Benchmarks -- --filter '*Imaging*'
/// In-process with a short job: on the shared 2-core machine the generated-project build that
/// BenchmarkDotNet does by default hit its 2-minute timeout, and ms-scale figures need no process isolation.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortInProcessConfig))]
public class ImagingBenchmarks
{
    private byte[] jpeg640 = [];
    private RgbImage photo1024 = null!;
    private RgbImage resized384 = null!;
    private float[] tensor = [];
    private byte[] jpeg12mp = [];
    private RgbImage photo12mp = null!;

    [GlobalSetup]
    public void Setup()
    {
        jpeg640 = File.ReadAllBytes(FixturePath("photo_640x480.jpg"));
        photo1024 = ImageDecoder.Decode(jpeg640, "photo_640x480.jpg").ResizeHighQuality(1024, 768);
        resized384 = photo1024.Resize(384, 384);
        tensor = new float[3 * 384 * 384];
        photo12mp = photo1024.Resize(4032, 3024); // a phone photo's size
        jpeg12mp = ImageEncoder.EncodeJpeg(photo12mp, 90);
    }

    [Benchmark(Description = "Preprocess 1024x768 -> 384x384 CHW tensor (resize + normalize)")]
    public float[] Preprocess() => ImageTensor.Preprocess(photo1024, 384, 384, ChannelNormalization.Symmetric);

    [Benchmark(Description = "Preprocess 1024x768 -> 384x384 into a reused buffer")]
    public float[] PreprocessIntoBuffer()
    {
        ImageTensor.Preprocess(photo1024, 384, 384, ChannelNormalization.Symmetric, tensor);
        return tensor;
    }

    [Benchmark(Description = "Resize 1024x768 -> 384x384 (area average)")]
    public RgbImage Resize() => photo1024.Resize(384, 384);

    [Benchmark(Description = "Normalize 384x384 into CHW tensor")]
    public float[] Normalize()
    {
        ImageTensor.WriteChw(resized384, ChannelNormalization.Symmetric, tensor);
        return tensor;
    }

    [Benchmark(Description = "ResizeHighQuality 1024x768 -> 384x384 (Lanczos-3)")]
    public RgbImage ResizeHighQuality() => photo1024.ResizeHighQuality(384, 384);

    [Benchmark(Description = "Decode 640x480 JPEG from bytes")]
    public RgbImage DecodeJpeg() => ImageDecoder.Decode(jpeg640, "photo_640x480.jpg");

    [Benchmark(Description = "Decode 4032x3024 JPEG from bytes")]
    public RgbImage DecodeJpeg12MP() => ImageDecoder.Decode(jpeg12mp, "photo_12mp.jpg");

    [Benchmark(Description = "ApplyExifOrientation(6) on 4032x3024")]
    public RgbImage Rotate12MP() => photo12mp.ApplyExifOrientation(6);

    [Benchmark(Description = "Encode 1024x768 PNG (zlib level 3)")]
    public byte[] EncodePng() => ImageEncoder.EncodePng(photo1024);

    private static string FixturePath(string name, [CallerFilePath] string sourceFile = "")
    {
        // BenchmarkDotNet runs from a generated folder under bin/; look above it, then above this source file.
        var starts = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? "." };
        foreach (var dir in starts.SelectMany(Ancestors))
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Taco.Imaging.Tests", "Fixtures", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Fixture {name} not found above {AppContext.BaseDirectory} or {sourceFile}.");
    }

    private static IEnumerable<DirectoryInfo> Ancestors(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            yield return dir;
        }
    }
}
