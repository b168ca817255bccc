namespace Taco.Tokenizers.Tests;

public sealed class StreamingDecoderTests
{
    [Theory]
    [InlineData("qwen3")]
    [InlineData("llama3")]
    [InlineData("llama2")]
    [InlineData("tiny-llava")]
    [InlineData("tiny-idefics3")]
    public void Streamed_deltas_concatenate_to_the_reference_decode_and_never_split_a_character(string name)
    {
        var tokenizer = TestAssets.Tokenizer(name);
        var failures = new List<string>();
        foreach (var c in Goldens.Ids(name).Where(c => c.Ids.Length > 0))
        {
            var stream = tokenizer.CreateStreamingDecoder();
            var pieces = new List<string>();
            foreach (var id in c.Ids)
            {
                pieces.Add(stream.Add(id));
            }

            pieces.Add(stream.Flush());
            var joined = string.Concat(pieces);
            if (joined != c.Decoded)
            {
                failures.Add($"#{c.Index} joined \"{Goldens.Show(joined)}\" want \"{Goldens.Show(c.Decoded!)}\"");
            }

            foreach (var p in pieces.Where(p => p.Length > 0))
            {
                if (char.IsHighSurrogate(p[^1]) || char.IsLowSurrogate(p[0]))
                {
                    failures.Add($"#{c.Index} delta \"{Goldens.Show(p)}\" splits a surrogate pair");
                }

                if (p.Contains('\uFFFD', StringComparison.Ordinal) && !c.Decoded!.Contains('\uFFFD', StringComparison.Ordinal))
                {
                    failures.Add($"#{c.Index} delta \"{Goldens.Show(p)}\" holds a partial character");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} streaming failures:\n" + string.Join("\n", failures.Take(12)));
    }

    [Fact]
    public void Byte_fallback_tokens_are_held_back_until_the_character_is_complete()
    {
        var tokenizer = TestAssets.Tokenizer("llama2");
        // U+1FAE0 (melting face) is not in Llama-2's vocabulary, so it is spelled as four byte tokens.
        var ids = tokenizer.Encode("a\U0001FAE0", addSpecialTokens: false);
        var bytes = new[] { "<0xF0>", "<0x9F>", "<0xAB>", "<0xA0>" }.Select(t => tokenizer.IdOf(t)!.Value).ToArray();
        Assert.Equal(bytes, ids[^4..]);
        var stream = tokenizer.CreateStreamingDecoder();
        var deltas = ids.Select(stream.Add).ToList();
        Assert.Equal(["", "", "", "\U0001FAE0"], deltas[^4..]);
        Assert.Equal("a\U0001FAE0", stream.Text);
    }

    [Fact]
    public void Byte_level_tokens_that_split_a_character_emit_it_whole()
    {
        var tokenizer = TestAssets.Tokenizer("qwen3");
        // Each UTF-8 byte of the emoji as its own byte-level token.
        var ids = System.Text.Encoding.UTF8.GetBytes("😂")
            .Select(b => tokenizer.IdOf(Text.ByteLevelAlphabet.ByteToChar[b].ToString())!.Value).ToArray();
        Assert.Equal("😂", tokenizer.Decode(ids));
        var stream = tokenizer.CreateStreamingDecoder();
        Assert.Equal(["", "", "", "😂"], ids.Select(stream.Add).ToArray());
        Assert.Equal("", stream.Flush());
    }

    [Fact]
    public void An_incomplete_tail_is_released_as_replacement_text_on_flush()
    {
        var tokenizer = TestAssets.Tokenizer("llama2");
        var stream = tokenizer.CreateStreamingDecoder();
        Assert.Equal("", stream.Add(tokenizer.IdOf("<0xF0>")!.Value));
        Assert.Equal("\uFFFD", stream.Flush());
    }
}
