using System.Text.Json.Nodes;

namespace Taco.Imaging;

/// <summary>
/// Reads <c>do_rescale</c>, <c>rescale_factor</c>, <c>do_normalize</c>, <c>image_mean</c> and <c>image_std</c> of a
/// <c>preprocessor_config.json</c> into a <see cref="ChannelNormalization"/>, one way for every image processor (the
/// VLMs' and the depth model's). A value of the wrong kind, or a statistic missing without a default, is a
/// <see cref="FormatException"/> naming the file and the key; callers turn it into their own load error.
/// </summary>
public static class PreprocessorNormalization
{
    /// <param name="config">The parsed file.</param>
    /// <param name="file">The file's path, for messages.</param>
    /// <param name="defaults">Mean and std when the file leaves them out; null when the file must give them.</param>
    public static ChannelNormalization Read(JsonObject config, string file, ChannelNormalization? defaults)
    {
        ArgumentNullException.ThrowIfNull(config);
        var rescale = Bool(config, file, "do_rescale", true) ? (float)(Number(config, file, "rescale_factor") ?? 1.0 / 255) : 1f;
        if (!Bool(config, file, "do_normalize", true))
        {
            return new ChannelNormalization([0f, 0f, 0f], [1f, 1f, 1f], rescale);
        }

        return new ChannelNormalization(Triple(config, file, "image_mean", defaults?.Mean), Triple(config, file, "image_std", defaults?.Std), rescale);
    }

    private static bool Bool(JsonObject config, string file, string name, bool fallback) => config[name] switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        var other => throw WrongKind(file, name, "true or false", other),
    };

    private static double? Number(JsonObject config, string file, string name) => config[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<double>(out var x) => x,
        var other => throw WrongKind(file, name, "a number", other),
    };

    // A number, or a list of one or three numbers (as image_mean and image_std are written).
    private static float[] Triple(JsonObject config, string file, string name, IReadOnlyList<float>? fallback)
    {
        float[] numbers = config[name] switch
        {
            null => fallback is not null ? [.. fallback] : throw new FormatException($"{file} lacks \"{name}\"."),
            JsonValue v when v.TryGetValue<double>(out var x) => [(float)x],
            JsonArray a when a.All(n => n is JsonValue v && v.TryGetValue<double>(out _)) => [.. a.Select(n => (float)n!.GetValue<double>())],
            var other => throw WrongKind(file, name, "a number or a list of numbers", other),
        };
        return numbers switch
        {
            { Length: 3 } => numbers,
            { Length: 1 } => [numbers[0], numbers[0], numbers[0]],
            _ => throw new FormatException($"{file}: \"{name}\" must be a number or three numbers."),
        };
    }

    private static FormatException WrongKind(string file, string name, string kind, JsonNode? value)
    {
        var shown = value?.ToJsonString() ?? "null";
        if (shown.Length > 40)
        {
            shown = shown[..37] + "...";
        }

        return new FormatException($"{file}: \"{name}\" must be {kind}, not {shown}.");
    }
}
