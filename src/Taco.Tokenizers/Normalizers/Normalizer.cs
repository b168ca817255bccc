using System.Text;
using Taco.Tokenizers.Json;
using Taco.Tokenizers.Text;

namespace Taco.Tokenizers.Normalizers;

/// <summary>The "normalizer" stage of tokenizer.json.</summary>
internal abstract class Normalizer
{
    public abstract string Normalize(string text);

    public static Normalizer? Create(JsonConfig? config)
    {
        if (config is not { } c || c.IsNull)
        {
            return null;
        }

        return c.Type switch
        {
            "NFC" => new UnicodeFormNormalizer(NormalizationForm.FormC),
            "NFD" => new UnicodeFormNormalizer(NormalizationForm.FormD),
            "NFKC" => new UnicodeFormNormalizer(NormalizationForm.FormKC),
            "NFKD" => new UnicodeFormNormalizer(NormalizationForm.FormKD),
            "Lowercase" => new LowercaseNormalizer(),
            "Strip" => new StripNormalizer(c.Bool("strip_left", false), c.Bool("strip_right", false)),
            "Prepend" => new PrependNormalizer(c.String("prepend") ?? ""),
            "Replace" => new ReplaceNormalizer(JsRegex.FromConfig(c.Required("pattern")), c.String("content") ?? ""),
            "Sequence" => new SequenceNormalizer(c.Items("normalizers").Select(n => Create(n)).OfType<Normalizer>().ToArray()),
            _ => throw c.Unsupported("normalizer"),
        };
    }
}

internal sealed class UnicodeFormNormalizer(NormalizationForm form) : Normalizer
{
    public override string Normalize(string text) => UnicodeNormalizer.Normalize(text, form);
}

internal sealed class LowercaseNormalizer : Normalizer
{
    public override string Normalize(string text) => JsText.ToLower(text);
}

internal sealed class StripNormalizer(bool left, bool right) : Normalizer
{
    public override string Normalize(string text) =>
        left && right ? JsText.Trim(text) : left ? JsText.TrimStart(text) : right ? JsText.TrimEnd(text) : text;
}

internal sealed class PrependNormalizer(string prefix) : Normalizer
{
    public override string Normalize(string text) => prefix + text;
}

internal sealed class ReplaceNormalizer(JsRegex pattern, string content) : Normalizer
{
    public override string Normalize(string text) => pattern.ReplaceAll(text, content);
}

internal sealed class SequenceNormalizer(Normalizer[] steps) : Normalizer
{
    public override string Normalize(string text)
    {
        foreach (var step in steps)
        {
            text = step.Normalize(text);
        }

        return text;
    }
}
