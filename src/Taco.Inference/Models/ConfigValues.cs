using System.Text.Json.Nodes;

namespace Taco.Inference.Models;

/// <summary>
/// Typed reads of a model directory's JSON files. A value of the wrong kind fails naming the file and the
/// key (<c>…/config.json: "text_config.vocab_size" must be an integer, not "x".</c>) instead of with a CLR
/// conversion message that names neither.
/// </summary>
internal static class ConfigValues
{
    /// <summary>The node at <paramref name="path"/>, or null when a key on the way is absent (or JSON null).</summary>
    public static JsonNode? Find(JsonObject? config, string file, params string[] path)
    {
        JsonNode? node = config;
        for (var i = 0; i < path.Length && node is not null; i++)
        {
            if (node is not JsonObject parent)
            {
                throw WrongKind(file, path[..i], "an object", node);
            }

            node = parent[path[i]];
        }

        return node;
    }

    public static int? OptionalInt(JsonObject? config, string file, params string[] path) => Find(config, file, path) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<int>(out var n) => n,
        var other => throw WrongKind(file, path, "an integer", other),
    };

    public static int Int(JsonObject? config, string file, params string[] path) =>
        OptionalInt(config, file, path) ?? throw new ModelLoadException($"{file} lacks \"{string.Join('.', path)}\".");

    public static double? OptionalNumber(JsonObject? config, string file, params string[] path) => Find(config, file, path) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<double>(out var n) => n,
        var other => throw WrongKind(file, path, "a number", other),
    };

    public static bool Bool(JsonObject? config, string file, string name, bool fallback) => Find(config, file, name) switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        var other => throw WrongKind(file, [name], "true or false", other),
    };

    public static string? OptionalString(JsonObject? config, string file, params string[] path) => Find(config, file, path) switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => throw WrongKind(file, path, "a string", other),
    };

    /// <summary>A token id or a list of them (as <c>eos_token_id</c> is written); empty when absent.</summary>
    public static List<int> Ids(JsonObject? config, string file, params string[] path) => Find(config, file, path) switch
    {
        null => [],
        JsonValue v when v.TryGetValue<int>(out var id) => [id],
        JsonArray a when a.All(n => n is JsonValue v && v.TryGetValue<int>(out _)) => [.. a.Select(n => n!.GetValue<int>())],
        var other => throw WrongKind(file, path, "a token id or a list of token ids", other),
    };

    /// <summary>A number or a list of numbers (as <c>image_mean</c> is written).</summary>
    public static float[] Numbers(JsonObject? config, string file, string name) => Find(config, file, name) switch
    {
        null => throw new ModelLoadException($"{file} lacks \"{name}\"."),
        JsonValue v when v.TryGetValue<double>(out var x) => [(float)x],
        JsonArray a when a.All(n => n is JsonValue v && v.TryGetValue<double>(out _)) => [.. a.Select(n => (float)n!.GetValue<double>())],
        var other => throw WrongKind(file, [name], "a number or a list of numbers", other),
    };

    public static ModelLoadException WrongKind(string file, string[] path, string kind, JsonNode? value)
    {
        var shown = value?.ToJsonString() ?? "null";
        if (shown.Length > 40)
        {
            shown = shown[..37] + "...";
        }

        return new ModelLoadException($"{file}: \"{string.Join('.', path)}\" must be {kind}, not {shown}.");
    }
}
