using Taco.Tokenizers.Json;

namespace Taco.Tokenizers.PreTokenizers;

/// <summary>SentencePiece-style: spaces become ▁ and a ▁ is prepended by the prepend scheme.</summary>
internal sealed class MetaspacePreTokenizer : PreTokenizer
{
    private readonly string _replacement;
    private readonly string _prependScheme;
    private readonly bool _split;

    public MetaspacePreTokenizer(JsonConfig c)
    {
        _replacement = c.String("replacement") ?? "\u2581";
        var legacyAddPrefix = c.Get("add_prefix_space") is null || c.Bool("add_prefix_space", true);
        _prependScheme = c.String("prepend_scheme") ?? (legacyAddPrefix ? "always" : "never");
        if (_prependScheme is not ("always" or "first" or "never"))
        {
            throw c.Error($"has unsupported prepend_scheme \"{_prependScheme}\"");
        }

        _split = c.Bool("split", false);
    }

    public override void PreTokenize(string text, int sectionIndex, List<string> output)
    {
        var normalized = text.Replace(" ", _replacement, StringComparison.Ordinal);
        if (!normalized.StartsWith(_replacement, StringComparison.Ordinal)
            && (_prependScheme == "always" || (_prependScheme == "first" && sectionIndex == 0)))
        {
            normalized = _replacement + normalized;
        }

        if (!_split)
        {
            output.Add(normalized);
            return;
        }
        // split=true: each piece starts at a ▁ (the replacement is merged with the following text).
        var from = 0;
        for (var at = normalized.IndexOf(_replacement, 1, StringComparison.Ordinal); at > 0; at = normalized.IndexOf(_replacement, at + 1, StringComparison.Ordinal))
        {
            output.Add(normalized[from..at]);
            from = at;
        }
        if (from < normalized.Length)
        {
            output.Add(normalized[from..]);
        }
    }
}
