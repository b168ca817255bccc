using System.Text;

namespace Taco.Tokenizers.Tests;

public sealed class DecodedBytesTests
{
    [Theory]
    [InlineData("qwen3")]
    [InlineData("llama3")]
    [InlineData("llama2")]
    [InlineData("tiny-llava")]
    [InlineData("tiny-idefics3")]
    public void Each_tokens_bytes_concatenate_to_the_decoded_text(string name)
    {
        var tokenizer = TestAssets.Tokenizer(name);
        var failures = new List<string>();
        var checkedCases = 0;
        foreach (var c in Goldens.Ids(name))
        {
            // Special tokens (BOS) are left out: they are never part of a constrained reply.
            var ids = c.Ids.Where(id => !tokenizer.IsSpecial(id)).ToArray();
            if (ids.Length == 0)
            {
                continue;
            }

            var expected = tokenizer.Decode(ids, cleanUpTokenizationSpaces: false);
            var bytes = new List<byte>();
            foreach (var id in ids)
            {
                bytes.AddRange(tokenizer.DecodedBytes(id)!);
            }

            var joined = Encoding.UTF8.GetString(bytes.ToArray());
            // Sentencepiece decoders drop the text's leading space ("▁Hello" first → "Hello"); nothing else may differ.
            if (joined != expected && !(joined.StartsWith(' ') && joined[1..] == expected))
            {
                failures.Add($"#{c.Index} bytes \"{Goldens.Show(joined)}\" decode \"{Goldens.Show(expected)}\"");
            }

            checkedCases++;
        }

        Assert.True(checkedCases >= 10, $"only {checkedCases} cases");
        Assert.True(failures.Count == 0, $"{failures.Count} mismatches:\n" + string.Join("\n", failures.Take(12)));
    }

    [Fact]
    public void Sentencepiece_byte_fallback_tokens_are_one_raw_byte_and_metaspace_is_a_space()
    {
        var tokenizer = TestAssets.Tokenizer("llama2");
        Assert.Equal([0x0A], tokenizer.DecodedBytes(tokenizer.IdOf("<0x0A>")!.Value));
        Assert.Equal([0xF0], tokenizer.DecodedBytes(tokenizer.IdOf("<0xF0>")!.Value));
        Assert.Equal(" {"u8.ToArray(), tokenizer.DecodedBytes(tokenizer.IdOf("\u2581{")!.Value));
    }

    [Fact]
    public void Byte_level_tokens_give_raw_bytes_even_when_they_are_part_of_a_character()
    {
        var tokenizer = TestAssets.Tokenizer("llama3");
        Assert.Equal(" {"u8.ToArray(), tokenizer.DecodedBytes(tokenizer.IdOf("\u0120{")!.Value));
        // "Ã" is byte 0xC3 in the GPT-2 alphabet: the first half of a two-byte UTF-8 character.
        Assert.Equal([0xC3], tokenizer.DecodedBytes(tokenizer.IdOf("\u00C3")!.Value));
    }

    [Fact]
    public void Added_tokens_give_their_content_and_ids_outside_the_vocabulary_give_null()
    {
        var tokenizer = TestAssets.Tokenizer("tiny-llava");
        var eos = tokenizer.IdOf("<|im_end|>")!.Value;
        Assert.Equal("<|im_end|>"u8.ToArray(), tokenizer.DecodedBytes(eos));
        Assert.Null(tokenizer.DecodedBytes(tokenizer.VocabularySize));
        Assert.Null(tokenizer.DecodedBytes(-1));
    }
}
