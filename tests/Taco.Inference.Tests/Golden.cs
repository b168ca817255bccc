using System.Text.Json.Nodes;
using Taco.Inference.Preprocessing;

namespace Taco.Inference.Tests;

/// <summary>Reads the PyTorch goldens of models/recipes/tiny_vlm (JSON plus raw little-endian float32 files).</summary>
internal static class Golden
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ModelDir(string model) => Path.Combine(RepoRoot, "models", model);

    public static string ImagePath(string relative) => Path.Combine(RepoRoot, relative);

    public static JsonObject Case(string model, string variant, string name) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot, "models", "goldens", model, variant, name + ".json")))!;

    public static JsonObject Summary(string model) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot, "models", "goldens", model, "summary.json")))!;

    public static int[] Ids(JsonNode? node) => [.. node!.AsArray().Select(n => n!.GetValue<int>())];

    public static long[] Shape(JsonNode descriptor) => [.. descriptor["shape"]!.AsArray().Select(n => n!.GetValue<long>())];

    /// <summary>The float32 tensor a descriptor names, relative to the case's folder.</summary>
    public static float[] Tensor(string model, string variant, JsonNode descriptor)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoRoot, "models", "goldens", model, variant, descriptor["file"]!.GetValue<string>()));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        Assert.Equal(Shape(descriptor).Aggregate(1L, (a, b) => a * b), values.Length);
        return values;
    }

    /// <summary>The golden pixel values of a case (or turn), wrapped by the model's processor.</summary>
    public static ProcessedImage Pixels(VisionLanguageModel model, string name, string variant, JsonNode entry) =>
        model.ImageProcessor.FromPixelValues(
            Tensor(name, variant, entry["pixel_values"]!),
            Shape(entry["pixel_values"]!),
            entry["rows"]?.GetValue<int>() ?? 0,
            entry["cols"]?.GetValue<int>() ?? 0);

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

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TacoCli.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Could not find the repository root (TacoCli.sln) above " + AppContext.BaseDirectory);
    }
}
