using Taco.Tokenizers.Json;
using Taco.Tokenizers.Text;

namespace Taco.Tokenizers.PreTokenizers;

/// <summary>The "pre_tokenizer" stage: splits one normalized section into words for the model.</summary>
internal abstract class PreTokenizer
{
    /// <summary>Appends the pieces of <paramref name="text"/>; <paramref name="sectionIndex"/> counts sections between added tokens.</summary>
    public abstract void PreTokenize(string text, int sectionIndex, List<string> output);

    /// <summary>
    /// True when this stage is "split on a regex (or not at all), then map to byte-level characters" —
    /// the GPT-2/Llama-3/Qwen shape — which the tokenizer runs fused, without intermediate strings.
    /// </summary>
    public virtual bool TryFuseByteLevel(out JsRegex? splitter)
    {
        splitter = null;
        return false;
    }

    public static PreTokenizer? Create(JsonConfig? config)
    {
        if (config is not { } c || c.IsNull)
        {
            return null;
        }

        return c.Type switch
        {
            "ByteLevel" => new ByteLevelPreTokenizer(c.Bool("add_prefix_space", false), c.Bool("use_regex", true)),
            "Split" => new SplitPreTokenizer(JsRegex.FromConfig(c.Required("pattern")), SplitPreTokenizer.ParseBehavior(c), c.Bool("invert", false)),
            "Metaspace" => new MetaspacePreTokenizer(c),
            "Digits" => new DigitsPreTokenizer(c.Bool("individual_digits", false)),
            "Punctuation" => new RegexPreTokenizer(RegexPreTokenizer.Punctuation),
            "Whitespace" => new RegexPreTokenizer(RegexPreTokenizer.Whitespace),
            "WhitespaceSplit" => new RegexPreTokenizer(RegexPreTokenizer.WhitespaceSplit),
            "Sequence" => new SequencePreTokenizer(c.Items("pretokenizers").Select(p => Create(p)).OfType<PreTokenizer>().ToArray()),
            _ => throw c.Unsupported("pre-tokenizer"),
        };
    }
}
