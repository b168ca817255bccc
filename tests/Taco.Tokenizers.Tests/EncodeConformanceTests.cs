namespace Taco.Tokenizers.Tests;

public sealed class EncodeConformanceTests
{
    [Theory]
    [InlineData("qwen3")]
    [InlineData("llama3")]
    [InlineData("llama2")]
    [InlineData("tiny-llava")]
    [InlineData("tiny-idefics3")]
    public void Encode_matches_the_reference_ids_for_every_corpus_string(string name)
    {
        var tokenizer = TestAssets.Tokenizer(name);
        var corpus = Goldens.Corpus;
        var cases = Goldens.Ids(name);
        Assert.True(corpus.Length >= 2000, "the conformance corpus must hold at least 2,000 strings");
        Assert.Equal(corpus.Length, cases.Count);
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var ids = tokenizer.Encode(corpus[c.Index]);
            if (!ids.SequenceEqual(c.Ids))
            {
                failures.Add($"#{c.Index} \"{Goldens.Show(corpus[c.Index])}\"\n   want [{string.Join(",", c.Ids.Take(40))}]\n   got  [{string.Join(",", ids.Take(40))}]");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count}/{cases.Count} strings differ from the reference:\n" + string.Join("\n", failures.Take(12)));
    }

    [Theory]
    [InlineData("qwen3")]
    [InlineData("llama3")]
    [InlineData("llama2")]
    [InlineData("tiny-llava")]
    [InlineData("tiny-idefics3")]
    public void Decode_matches_the_reference_text_for_every_corpus_string(string name)
    {
        var tokenizer = TestAssets.Tokenizer(name);
        var failures = new List<string>();
        var cases = Goldens.Ids(name);
        foreach (var c in cases.Where(c => c.Ids.Length > 0))
        {
            var text = tokenizer.Decode(c.Ids);
            if (text != c.Decoded)
            {
                failures.Add($"#{c.Index} want \"{Goldens.Show(c.Decoded!)}\"\n   got \"{Goldens.Show(text)}\"");
            }

            var skipped = tokenizer.Decode(c.Ids, skipSpecialTokens: true);
            if (skipped != (c.DecodedSkippingSpecial ?? c.Decoded))
            {
                failures.Add($"#{c.Index} (skip special) want \"{Goldens.Show(c.DecodedSkippingSpecial ?? c.Decoded!)}\"\n   got \"{Goldens.Show(skipped)}\"");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} decodes differ from the reference:\n" + string.Join("\n", failures.Take(12)));
    }

    [Fact]
    public void Concurrent_encoding_with_a_shared_tokenizer_matches_the_reference()
    {
        var tokenizer = Tokenizer.FromDirectory(TestAssets.Directory("qwen3"));
        var corpus = Goldens.Corpus;
        var cases = Goldens.Ids("qwen3");
        var mismatches = 0;
        Parallel.For(0, corpus.Length * 2, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var c = cases[i % corpus.Length];
            if (!tokenizer.Encode(corpus[c.Index]).SequenceEqual(c.Ids))
            {
                Interlocked.Increment(ref mismatches);
            }
        });
        Assert.Equal(0, mismatches);
    }
}
