using System.Text.Json;

namespace Taco.Tokenizers.Json;

/// <summary>Typed reads of tokenizer.json nodes that fail with the file and the JSON path at fault.</summary>
internal readonly struct JsonConfig
{
    public JsonConfig(JsonElement element, string file, string path)
    {
        Element = element;
        File = file;
        Path = path;
    }

    public JsonElement Element { get; }

    public string File { get; }

    public string Path { get; }

    public bool IsNull => Element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    public string Type => String("type") ?? throw Error("has no \"type\"");

    public JsonConfig? Get(string name) =>
        Element.ValueKind == JsonValueKind.Object && Element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? new JsonConfig(v, File, $"{Path}.{name}")
            : null;

    public JsonConfig Required(string name) => Get(name) ?? throw Error($"needs \"{name}\"");

    public string? String(string name)
    {
        var v = Get(name);
        if (v is null)
        {
            return null;
        }

        return v.Value.Element.ValueKind == JsonValueKind.String ? v.Value.Element.GetString() : throw v.Value.Error("must be a string");
    }

    public bool Bool(string name, bool fallback)
    {
        var v = Get(name);
        if (v is null)
        {
            return fallback;
        }

        return v.Value.Element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw v.Value.Error("must be true or false"),
        };
    }

    public int Int(string name, int fallback)
    {
        var v = Get(name);
        if (v is null)
        {
            return fallback;
        }

        return v.Value.Element.ValueKind == JsonValueKind.Number && v.Value.Element.TryGetInt32(out var i) ? i : throw v.Value.Error("must be an integer");
    }

    public IEnumerable<JsonConfig> Items(string name)
    {
        var v = Get(name);
        if (v is null)
        {
            yield break;
        }

        if (v.Value.Element.ValueKind != JsonValueKind.Array)
        {
            throw v.Value.Error("must be an array");
        }

        var i = 0;
        foreach (var item in v.Value.Element.EnumerateArray())
        {
            yield return new JsonConfig(item, File, $"{v.Value.Path}[{i++}]");
        }
    }

    public TokenizerException Error(string reason) => new(File, $"{Path} {reason}");

    public TokenizerException Unsupported(string kind) =>
        new(File, $"{Path}: unsupported {kind} type \"{String("type")}\" (taco supports the components listed in src/Taco.Tokenizers)");
}
