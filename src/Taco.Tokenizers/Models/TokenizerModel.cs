using Taco.Tokenizers.Json;

namespace Taco.Tokenizers.Models;

/// <summary>The "model" stage: turns one pre-tokenized word into ids.</summary>
internal abstract class TokenizerModel
{
    /// <summary>Vocabulary by id (added tokens are written in by the tokenizer).</summary>
    public abstract string?[] VocabTokens { get; }

    /// <summary>Consecutive unknown tokens of a section collapse into one, as the reference's fuse_unk does.</summary>
    public abstract bool FuseUnk { get; }

    /// <summary>The unknown token's id, or -1.</summary>
    public abstract int UnkId { get; }

    /// <summary>BPE's end_of_word_suffix, which the reference turns back into spaces after decoding.</summary>
    public virtual string? EndOfWordSuffix => null;

    public abstract void AddToken(string content, int id);

    /// <summary>Makes <paramref name="content"/> map to <paramref name="id"/> in the output without making it a vocabulary entry.</summary>
    public abstract void OverrideOutputId(string content, int id);

    /// <summary>Id the reference gives to a token string: added tokens first, then the vocabulary.</summary>
    public abstract int? IdOf(string token);

    public abstract void Freeze();

    public abstract void Encode(ReadOnlySpan<char> word, List<int> output);

    public void Encode(string word, List<int> output) => Encode(word.AsSpan(), output);

    public static TokenizerModel Create(JsonConfig c)
    {
        var type = c.String("type") ?? (c.Get("merges") is not null ? "BPE" : c.Get("vocab")?.Element.ValueKind == System.Text.Json.JsonValueKind.Array ? "Unigram" : null);
        return type switch
        {
            "BPE" => new BpeModel(c),
            "Unigram" => new UnigramModel(c),
            _ => throw new TokenizerException(c.File, $"{c.Path}: unsupported model type \"{type ?? "(none)"}\" (taco supports BPE and Unigram)"),
        };
    }
}
