using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Taco.Tokenizers.Text;

namespace Taco.Tokenizers.Tests;

/// <summary>Properties over generated inputs, beyond the fixed corpus.</summary>
public sealed class PropertyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    [Theory]
    [InlineData("qwen3")]
    [InlineData("llama3")]
    [InlineData("llama2")]
    public void Streaming_any_id_sequence_concatenates_to_its_decode(string name)
    {
        var tokenizer = TestAssets.Tokenizer(name);
        var ids = Gen.Choose(0, tokenizer.VocabularySize - 1);
        // Byte tokens make incomplete characters likely: half the ids come from the 256 byte-level/byte-fallback ids.
        var byteIds = Enumerable.Range(0, 256)
            .Select(b => name == "llama2" ? tokenizer.IdOf($"<0x{b:X2}>") : tokenizer.IdOf(ByteLevelAlphabet.ByteToChar[b].ToString()))
            .OfType<int>().ToArray();
        var id = Gen.OneOf(ids, Gen.Elements(byteIds));
        Prop.ForAll(Gen.ListOf(id).ToArbitrary(), sequence =>
        {
            var stream = tokenizer.CreateStreamingDecoder();
            var sb = new StringBuilder();
            foreach (var i in sequence)
            {
                var delta = stream.Add(i);
                if (delta.Length > 0 && char.IsHighSurrogate(delta[^1]))
                {
                    return false;
                }

                sb.Append(delta);
            }
            sb.Append(stream.Flush());
            return sb.ToString() == (sequence.Count == 0 ? "" : tokenizer.Decode(sequence.ToArray()));
        }).Check(Runs);
    }

    [Fact]
    public void Byte_level_decode_inverts_encode_up_to_nfc()
    {
        var tokenizer = TestAssets.Tokenizer("qwen3");
        var text = Gen.OneOf(
                Gen.Elements("a", "Z", " ", "  ", "\n", "\t", "é", "e\u0301", "1", "23", "$", "'s", "你", "😀", "👨‍👩‍👧", "ء", "\u00A0", "<", "|", ">", "im_end"),
                Gen.Choose(0x20, 0xD7FF).Select(c => ((char)c).ToString()))
            .ListOf().Select(parts => string.Concat(parts));
        Prop.ForAll(text.ToArbitrary(), s =>
            tokenizer.Decode(tokenizer.Encode(s)) == UnicodeNormalizer.Normalize(s, NormalizationForm.FormC)
            || ContainsSpecialText(tokenizer, s)).Check(Runs);
    }

    [Fact]
    public void Encoding_a_text_twice_gives_the_same_ids_with_or_without_the_word_cache()
    {
        // A fresh tokenizer has an empty cache; the shared one has seen the whole corpus.
        var fresh = Tokenizer.FromDirectory(TestAssets.Directory("llama3"));
        var warm = TestAssets.Tokenizer("llama3");
        foreach (var s in Goldens.Corpus.Take(300))
        {
            warm.Encode(s);
        }

        var words = Gen.Elements("the", " the", " quick", "brown", " fox", "!!", " 123", "4567", "\n\n", " ", "日本", "ÿ");
        Prop.ForAll(words.ListOf().Select(p => string.Concat(p)).ToArbitrary(), s =>
            fresh.Encode(s).SequenceEqual(warm.Encode(s)) && fresh.Encode(s).SequenceEqual(warm.Encode(s))).Check(Runs);
    }

    private static bool ContainsSpecialText(Tokenizer tokenizer, string s) =>
        tokenizer.AddedTokens.Any(t => s.Contains(t.Content, StringComparison.Ordinal));
}
