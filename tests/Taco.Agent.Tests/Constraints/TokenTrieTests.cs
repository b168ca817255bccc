using System.Text;
using Taco.Agent.Constraints;

namespace Taco.Agent.Tests.Constraints;

public sealed class TokenTrieTests
{
    /// <summary>Every single byte, pieces of CoTA replies cut at random, and ids that are never allowed (null, empty).</summary>
    private static List<byte[]?> Vocabulary()
    {
        var random = new Random(99);
        var vocab = new List<byte[]?>();
        for (var b = 0; b < 256; b++)
        {
            vocab.Add([(byte)b]);
        }

        vocab.Add(null);
        vocab.Add([]);
        string[] texts =
        [
            """{"thought": "I need to read the price.", "actions": [{"name": "OCR", "arguments": {"image": "image-0"}}]}""",
            """```json\n{"thought":"zoom","actions":[{"name":"ZoomIn","arguments":{"image":"image-1","bbox":[0.1, 0.25, 1, 1.0],"zoom_factor":2}}]}\n```""",
            """{"thought": "done", "actions": [{"name": "Terminate", "arguments": {"answer": "13.7 gallons"}}]}""",
            """{"thought": "", "actions": [{"name": "LocalizeObjects", "arguments": {"image": "image-0", "objects": ["car", "sign"]}}]}""",
            "caf\u00e9 na\u00efve \u00fcber \\n \\\" \\u00e9 \U0001F600 \u4e2d\u6587",
        ];
        foreach (var text in texts)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            for (var i = 0; i < 400; i++)
            {
                var start = random.Next(bytes.Length);
                var length = random.Next(1, Math.Min(12, bytes.Length - start) + 1);
                vocab.Add(bytes[start..(start + length)]);
            }
        }

        return vocab;
    }

    [Fact]
    public void The_walk_allows_exactly_the_tokens_the_grammar_accepts_one_by_one()
    {
        var vocab = Vocabulary();
        var trie = new TokenTrie(vocab);
        var grammar = new CotaGrammar(CotaGrammarTests.Actions, imageCount: 2);
        var random = new Random(5);
        var state = grammar.Start;
        var steps = 0;
        while (!grammar.IsAccepting(state) && steps++ < 120)
        {
            foreach (int? budget in new int?[] { null, grammar.MinBytesToComplete(state) + 1, grammar.MinBytesToComplete(state) + 3 })
            {
                MaskEqualsEachToken(vocab, trie, grammar, state, budget, $"step {steps}");
            }

            // Follow a random allowed token, preferring long ones, within a budget of 120 tokens for the reply.
            var mask = new bool[vocab.Count];
            trie.Allowed(grammar, state, mask, 120 - steps + 1);
            var choices = Enumerable.Range(0, vocab.Count).Where(i => mask[i]).OrderByDescending(i => vocab[i]!.Length).Take(8).ToList();
            Assert.NotEmpty(choices);
            var pick = choices[random.Next(choices.Count)];
            Assert.True(grammar.Advance(ref state, vocab[pick]));
        }

        Assert.True(grammar.IsAccepting(state), "the walk did not finish a reply");
    }

    [Theory]
    [InlineData("{\"thought\": \"")]
    [InlineData("{\"thought\": \"I need to read")]
    [InlineData("{\"thought\": \"almost at the cap")]
    [InlineData("{\"thought\": \"caf\u00c3")]
    [InlineData("{\"thought\": \"a \\")]
    [InlineData("{\"thought\": \"\", \"actions\": [{\"name\": \"Terminate\", \"arguments\": {\"answer\": \"13")]
    [InlineData("{\"thought\": \"\", \"actions\": [{\"name\": \"LocalizeObjects\", \"arguments\": {\"image\": \"image-0\", \"objects\": [\"car\", \"si")]
    [InlineData("{\"thought\": \"\", \"actions\": [{\"name\": \"ZoomIn\", \"arguments\": {\"image\": \"image-0\", \"bbox\": [0.1, ")]
    public void Inside_strings_and_values_the_mask_equals_checking_each_token(string prefix)
    {
        var vocab = Vocabulary();
        var trie = new TokenTrie(vocab);
        var grammar = new CotaGrammar(CotaGrammarTests.Actions, imageCount: 2, new CotaGrammarOptions { MaxThoughtBytes = 24, MaxStringBytes = 12 });
        var state = grammar.Start;
        Assert.True(grammar.Advance(ref state, System.Text.Encoding.Latin1.GetBytes(prefix)), prefix);
        foreach (int? budget in new int?[] { null, grammar.MinBytesToComplete(state) + 1, grammar.MinBytesToComplete(state) + 5 })
        {
            Assert.Contains(true, MaskEqualsEachToken(vocab, trie, grammar, state, budget, prefix));
        }
    }

    [Theory]
    [InlineData("{\"thought\": \"3.59 is not on the board\", \"actions\": [{\"name\": \"Terminate\", \"arguments\": {\"answer\": \"")]
    [InlineData("{\"thought\": \"\", \"actions\": [{\"name\": \"Terminate\", \"arguments\": {\"answer\": \"$3")]
    [InlineData("{\"thought\": \"\", \"actions\": [{\"name\": \"Terminate\", \"arguments\": {\"answer\": \"$3.")]
    [InlineData("{\"thought\": \"\", \"actions\": [{\"name\": \"Terminate\", \"arguments\": {\"answer\": \"13.6")]
    [InlineData("{\"thought\": \"\", \"actions\": [{\"name\": \"Calculate\", \"arguments\": {\"expression\": \"50 / 3")]
    [InlineData("{\"thought\": \"\", \"actions\": [{\"name\": \"Calculate\", \"arguments\": {\"expression\": \"50 / 3.89 - ")]
    public void Under_the_grounded_number_rule_the_mask_equals_checking_each_token(string prefix)
    {
        var vocab = Vocabulary();
        var random = new Random(7);
        var digits = Encoding.UTF8.GetBytes("Regular 3.49, 3.89 50 / 3.65 = 13.698630136986301 $3.5 1,250 7 90 0.25");
        for (var i = 0; i < 400; i++)
        {
            var start = random.Next(digits.Length);
            vocab.Add(digits[start..(start + random.Next(1, Math.Min(6, digits.Length - start) + 1))]);
        }

        var trie = new TokenTrie(vocab);
        var numbers = new GroundedNumbers(["Regular 3.49 Diesel 3.89, with $50", "{'result': 13.698630136986301}"]);
        var grammar = new CotaGrammar(CotaGrammarTests.Actions, imageCount: 2, new CotaGrammarOptions { MaxStringBytes = 40 }, numbers);
        var free = new CotaGrammar(CotaGrammarTests.Actions, imageCount: 2, new CotaGrammarOptions { MaxStringBytes = 40 });
        var state = grammar.Start;
        Assert.True(grammar.Advance(ref state, Encoding.UTF8.GetBytes(prefix)), prefix);
        foreach (int? budget in new int?[] { null, grammar.MinBytesToComplete(state) + 1, grammar.MinBytesToComplete(state) + 5 })
        {
            var allowed = MaskEqualsEachToken(vocab, trie, grammar, state, budget, prefix);

            // Some token with digits that the grammar without the rule takes is refused, and the number may end.
            Assert.Contains(Enumerable.Range(0, vocab.Count), id =>
            {
                var next = state;
                return !allowed[id] && vocab[id] is [>= (byte)'0' and <= (byte)'9', ..] && free.Advance(ref next, vocab[id]);
            });
            Assert.Contains(Enumerable.Range(0, vocab.Count), id => allowed[id] && vocab[id] is [(byte)'"' or (byte)' ']);
        }
    }

    [Fact]
    public void Tokens_without_bytes_are_never_allowed()
    {
        var trie = new TokenTrie([[(byte)'{'], null, [], [(byte)' ']]);
        Assert.Equal(2, trie.TokenCount);
        var allowed = new bool[4];
        var grammar = new CotaGrammar(CotaGrammarTests.Actions, 1);
        Assert.Equal(2, trie.Allowed(grammar, grammar.Start, allowed));
        Assert.Equal([true, false, false, true], allowed);
    }

    /// <summary>The trie's mask, checked against advancing the grammar over each token on its own (and the budget).</summary>
    private static bool[] MaskEqualsEachToken(List<byte[]?> vocab, TokenTrie trie, CotaGrammar grammar, CotaGrammarState state, int? budget, string where)
    {
        var allowed = new bool[vocab.Count];
        var count = trie.Allowed(grammar, state, allowed, budget);
        for (var id = 0; id < vocab.Count; id++)
        {
            var next = state;
            var expected = vocab[id] is { Length: > 0 } bytes && grammar.Advance(ref next, bytes)
                && (budget is not { } b || grammar.MinBytesToComplete(next) <= b - 1);
            Assert.True(expected == allowed[id], $"{where}, budget {budget}, token {id} \"{Encoding.UTF8.GetString(vocab[id] ?? [])}\": expected {expected}");
        }

        Assert.Equal(allowed.Count(a => a), count);
        return allowed;
    }
}
