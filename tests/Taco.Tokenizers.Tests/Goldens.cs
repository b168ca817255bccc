using System.Text.Json;

namespace Taco.Tokenizers.Tests;

/// <summary>Reads the JSON written by scripts/goldens/tokenizers/generate.mjs (the JS reference's output).</summary>
internal static class Goldens
{
    private static readonly Lazy<string[]> LazyCorpus = new(() => Parse("corpus.json").RootElement.EnumerateArray().Select(Text).ToArray());

    public static string[] Corpus => LazyCorpus.Value;

    public static JsonDocument Parse(string file) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Goldens", file)));

    /// <summary>A golden string: plain JSON text, or {"u16": [...]} for text holding lone surrogates.</summary>
    public static string Text(JsonElement e) =>
        e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : new string(e.GetProperty("u16").EnumerateArray().Select(u => (char)u.GetInt32()).ToArray());

    public sealed record IdsCase(int Index, int[] Ids, string? Decoded, string? DecodedSkippingSpecial);

    public static IReadOnlyList<IdsCase> Ids(string tokenizer)
    {
        using var doc = Parse($"{tokenizer}.ids.json");
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select((c, i) => new IdsCase(
            i,
            c.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
            c.TryGetProperty("text", out var t) ? Text(t) : null,
            c.TryGetProperty("skip", out var s) ? Text(s) : null)).ToList();
    }

    public static string Show(string s)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var ch in s.Length > 120 ? s[..120] + "…" : s)
        {
            sb.Append(ch is < ' ' or > '~' ? $"\\u{(int)ch:X4}" : ch.ToString());
        }

        return sb.ToString();
    }
}
