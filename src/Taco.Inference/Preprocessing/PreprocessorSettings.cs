using System.Text.Json.Nodes;
using Taco.Imaging;
using Taco.Inference.Models;

namespace Taco.Inference.Preprocessing;

/// <summary>Reading helpers shared by the image processors: typed fields of <c>preprocessor_config.json</c> with clear errors.</summary>
internal static class PreprocessorSettings
{
    public static int Int(JsonObject config, string file, params string[] path) =>
        Find(config, path)?.GetValue<int>() ?? throw new ModelLoadException($"{file} lacks \"{string.Join(".", path)}\".");

    public static int? OptionalInt(JsonObject? config, params string[] path) => config is null ? null : Find(config, path)?.GetValue<int>();

    public static bool Bool(JsonObject? config, string name, bool fallback) => config?[name]?.GetValue<bool>() ?? fallback;

    public static string? String(JsonObject? config, string name) => config?[name]?.GetValue<string>();

    /// <summary>PIL's filter number from <c>resample</c> (1 Lanczos, 2 bilinear, 3 bicubic), else the processor's default.</summary>
    public static int Resample(JsonObject config, string file, int fallback)
    {
        var resample = OptionalInt(config, "resample") ?? fallback;
        return resample is RgbImage.PilLanczos or RgbImage.PilBilinear or RgbImage.PilBicubic
            ? resample
            : throw new ModelLoadException($"{file}: resample {resample} is not supported (1 Lanczos, 2 bilinear, 3 bicubic).");
    }

    /// <summary><c>(x · rescale_factor − mean) / std</c>, with the do_rescale/do_normalize switches honoured.</summary>
    public static ChannelNormalization Normalization(JsonObject config)
    {
        var rescale = Bool(config, "do_rescale", true) ? (float)(config["rescale_factor"]?.GetValue<double>() ?? 1.0 / 255) : 1f;
        if (!Bool(config, "do_normalize", true))
        {
            return new ChannelNormalization([0f, 0f, 0f], [1f, 1f, 1f], rescale);
        }

        return new ChannelNormalization(Triple(config["image_mean"]), Triple(config["image_std"]), rescale);
    }

    private static float[] Triple(JsonNode? node) => node switch
    {
        JsonArray a when a.Count == 3 => [.. a.Select(v => (float)v!.GetValue<double>())],
        JsonArray a when a.Count == 1 => [.. Enumerable.Repeat((float)a[0]!.GetValue<double>(), 3)],
        JsonValue v => [.. Enumerable.Repeat((float)v.GetValue<double>(), 3)],
        _ => throw new ModelLoadException("preprocessor_config.json: image_mean / image_std must be a number or three numbers."),
    };

    private static JsonNode? Find(JsonObject config, string[] path)
    {
        JsonNode? node = config;
        foreach (var key in path)
        {
            node = node is JsonObject o ? o[key] : null;
        }

        return node;
    }
}
