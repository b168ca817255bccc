using System.Text.Json.Nodes;
using Taco.Imaging;
using Taco.Onnx;
using Taco.Tools.Depth;

namespace Taco.Tools.Tests.Depth;

/// <summary>The tiny depth models and the PyTorch goldens of models/recipes/tiny_depth (JSON plus raw float32).</summary>
internal static class DepthGoldens
{
    private static readonly Lazy<OnnxRuntime> Runtime = new(() => OnnxRuntime.Initialize());
    private static readonly Dictionary<string, Lazy<DepthEstimator>> Estimators = new()
    {
        ["tiny-depth"] = new(() => Load("tiny-depth")),
        ["tiny-depth-trained"] = new(() => Load("tiny-depth-trained")),
    };

    public static string RepoRoot { get; } = FindRepoRoot();

    public static OnnxRuntime Ort => Runtime.Value;

    public static string ModelDir(string model) => Path.Combine(RepoRoot, "models", model);

    public static DepthEstimator Estimator(string model) => Estimators[model].Value;

    public static JsonArray Cases(string model) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot, "models", "goldens", model, "goldens.json")))!["cases"]!.AsArray();

    public static JsonObject Case(string model, string name) =>
        Cases(model).Select(c => c!.AsObject()).Single(c => c["name"]!.GetValue<string>() == name);

    public static RgbImage Image(JsonObject entry) => ImageDecoder.Decode(Path.Combine(RepoRoot, entry["image"]!.GetValue<string>()));

    public static int[] Shape(JsonNode descriptor) => [.. descriptor["shape"]!.AsArray().Select(n => n!.GetValue<int>())];

    public static float[] Tensor(string model, JsonNode descriptor)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoRoot, "models", "goldens", model, descriptor["file"]!.GetValue<string>()));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        Assert.Equal(Shape(descriptor).Aggregate(1L, (a, b) => a * b), values.Length);
        return values;
    }

    public static BoundingBox Box(JsonNode bbox)
    {
        var v = bbox.AsArray().Select(n => n!.GetValue<double>()).ToArray();
        return new BoundingBox(v[0], v[1], v[2], v[3]);
    }

    public static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }

    private static DepthEstimator Load(string model) =>
        DepthEstimator.Load(ModelDir(model), Ort, new SessionOptions { IntraOpThreads = 1 });

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TacoCli.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (TacoCli.sln) above " + AppContext.BaseDirectory);
    }
}
