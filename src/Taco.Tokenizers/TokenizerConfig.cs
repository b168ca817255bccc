using System.Text.Json;

namespace Taco.Tokenizers;

/// <summary>The parts of tokenizer_config.json (and chat_template.*) that tokenization and chat templates use.</summary>
public sealed record TokenizerConfig
{
    public string? BosToken { get; init; }

    public string? EosToken { get; init; }

    public string? UnkToken { get; init; }

    public string? PadToken { get; init; }

    /// <summary>All special-token attributes present (bos_token, eos_token, …), passed to chat templates.</summary>
    public IReadOnlyDictionary<string, string> SpecialTokens { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> AdditionalSpecialTokens { get; init; } = [];

    /// <summary>Named chat templates; a single template is named "default".</summary>
    public IReadOnlyDictionary<string, string> ChatTemplates { get; init; } = new Dictionary<string, string>();

    public bool CleanUpTokenizationSpaces { get; init; } = true;

    public bool RemoveSpace { get; init; }

    private static readonly string[] SpecialAttributes =
        ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token", "additional_special_tokens"];

    public static TokenizerConfig Empty { get; } = new();

    /// <summary>Reads tokenizer_config.json; a chat_template.jinja or chat_template.json beside it overrides its template.</summary>
    public static TokenizerConfig Load(string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new TokenizerException(path, $"cannot be read as JSON: {e.Message}", e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TokenizerException(path, "must hold a JSON object");
            }

            var specials = new Dictionary<string, string>();
            foreach (var name in SpecialAttributes)
            {
                if (name != "additional_special_tokens" && TokenText(root, name) is { } value)
                {
                    specials[name] = value;
                }
            }
            var additional = new List<string>();
            if (root.TryGetProperty("additional_special_tokens", out var extra) && extra.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in extra.EnumerateArray())
                {
                    if (TokenText(item) is { } s)
                    {
                        additional.Add(s);
                    }
                }
            }
            var templates = new Dictionary<string, string>();
            if (root.TryGetProperty("chat_template", out var ct))
            {
                ReadTemplates(ct, templates, path);
            }

            var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
            var jinja = Path.Combine(dir, "chat_template.jinja");
            var json = Path.Combine(dir, "chat_template.json");
            if (File.Exists(jinja))
            {
                templates["default"] = File.ReadAllText(jinja);
            }
            else if (File.Exists(json))
            {
                try
                {
                    using var t = JsonDocument.Parse(File.ReadAllBytes(json));
                    if (t.RootElement.TryGetProperty("chat_template", out var inner))
                    {
                        ReadTemplates(inner, templates, json);
                    }
                }
                catch (JsonException e)
                {
                    throw new TokenizerException(json, $"cannot be read as JSON: {e.Message}", e);
                }
            }
            return new TokenizerConfig
            {
                BosToken = specials.GetValueOrDefault("bos_token"),
                EosToken = specials.GetValueOrDefault("eos_token"),
                UnkToken = specials.GetValueOrDefault("unk_token"),
                PadToken = specials.GetValueOrDefault("pad_token"),
                SpecialTokens = specials,
                AdditionalSpecialTokens = additional,
                ChatTemplates = templates,
                CleanUpTokenizationSpaces = !root.TryGetProperty("clean_up_tokenization_spaces", out var cu) || cu.ValueKind != JsonValueKind.False,
                RemoveSpace = root.TryGetProperty("remove_space", out var rs) && rs.ValueKind == JsonValueKind.True,
            };
        }
    }

    private static void ReadTemplates(JsonElement ct, Dictionary<string, string> templates, string path)
    {
        if (ct.ValueKind == JsonValueKind.String)
        {
            templates["default"] = ct.GetString()!;
        }
        else if (ct.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in ct.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String
                    || !item.TryGetProperty("template", out var t) || t.ValueKind != JsonValueKind.String)
                {
                    throw new TokenizerException(path, "chat_template must be a list of objects with \"name\" and \"template\" strings");
                }

                templates[n.GetString()!] = t.GetString()!;
            }
        }
        else if (ct.ValueKind != JsonValueKind.Null)
        {
            throw new TokenizerException(path, "chat_template must be a string or a list of named templates");
        }
    }

    private static string? TokenText(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) ? TokenText(v) : null;

    // A special token is written either as its text or as an AddedToken object with "content".
    private static string? TokenText(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString(),
        JsonValueKind.Object when v.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String => c.GetString(),
        _ => null,
    };
}
