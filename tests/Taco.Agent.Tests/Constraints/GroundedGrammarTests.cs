using System.Text;
using Taco.Agent.Constraints;
using Taco.Agent.Protocol;

namespace Taco.Agent.Tests.Constraints;

/// <summary>The CoTA grammar with the grounded-number rule: what a constrained reply can and cannot write.</summary>
public sealed class GroundedGrammarTests
{
    private static readonly string[] Sources = ["How many gallons of Diesel can I buy with $40?", "OBSERVATION:\n{'text': 'Regular 3.49 9\\nDiesel 3,89'}"];

    private static readonly GroundedNumbers Board = new(Sources);

    private static readonly CotaGrammar Grammar = new(CotaGrammarTests.Actions, imageCount: 1, numbers: Board);

    [Theory]
    [InlineData("3.89")]
    [InlineData("$3,89")]
    [InlineData("3.499")]
    [InlineData("$40")]
    [InlineData("about 3.5 a gallon")]
    [InlineData("3.9")]
    [InlineData("-4")]
    [InlineData("4%")]
    [InlineData("Diesel")]
    [InlineData("")]
    public void Answers_with_numbers_of_the_question_or_the_observations_are_accepted(string answer) =>
        Assert.True(Grammar.Matches(Reply("Terminate", "answer", answer)), answer);

    [Theory]
    [InlineData("3.59")]
    [InlineData("$41")]
    [InlineData("10.28 gallons")]
    [InlineData("3.79")]
    [InlineData("\\u0033.59")]
    public void Answers_with_other_numbers_are_rejected(string answer) =>
        Assert.False(Grammar.Matches(Reply("Terminate", "answer", answer)), answer);

    [Theory]
    [InlineData("40 / 3.89", true)]
    [InlineData("(40 - 3.499) * 2", true)]
    [InlineData("40 / 3.59", false)]
    [InlineData("12 * 7", false)]
    public void Calculate_expressions_follow_the_rule(string expression, bool accepted) =>
        Assert.Equal(accepted, Grammar.Matches(Reply("Calculate", "expression", expression)));

    [Fact]
    public void The_thought_and_other_arguments_are_free()
    {
        Assert.True(Grammar.Matches("""{"thought": "3.59 and 12 * 7 = 84", "actions": [{"name": "Terminate", "arguments": {"answer": "3.89"}}]}"""u8));
        Assert.True(Grammar.Matches("""{"thought": "", "actions": [{"name": "ZoomIn", "arguments": {"image": "image-0", "bbox": [0.13, 0.27, 0.61, 0.93], "zoom_factor": 2.75}}]}"""u8));
        Assert.True(Grammar.Matches("""{"thought": "", "actions": [{"name": "Count", "arguments": {"label": "57 cars", "limit": 57}}]}"""u8));
    }

    [Fact]
    public void Without_the_rule_any_number_is_accepted()
    {
        var free = new CotaGrammar(CotaGrammarTests.Actions, imageCount: 1);
        Assert.True(free.Matches(Reply("Terminate", "answer", "3.59")));
        Assert.True(free.Matches(Reply("Calculate", "expression", "12 * 7")));
    }

    [Fact]
    public void A_complete_allowed_number_can_end_in_any_way_the_string_allows()
    {
        var state = Grammar.Start;
        Assert.True(Grammar.Advance(ref state, """{"thought": "", "actions": [{"name": "Terminate", "arguments": {"answer": "3.89"""u8));
        Assert.Equal("\"}}]}".Length, Grammar.MinBytesToComplete(state));
        for (var b = (byte)'1'; b <= '9'; b++)
        {
            var next = state;
            Assert.False(Grammar.Advance(ref next, b), $"3.89{(char)b}");
        }

        var zero = state;
        Assert.True(Grammar.Advance(ref zero, (byte)'0'), "3.890");

        foreach (var end in "\" ,.$%)\\"u8.ToArray())
        {
            var next = state;
            Assert.True(Grammar.Advance(ref next, end), $"3.89{(char)end}");
        }
    }

    [Theory]
    [InlineData("[0.1, 0.35, 0.9, 0.45]", true)]
    [InlineData("[0.12, 0.5, 0.88, 0.61]", true)]
    [InlineData("[0, 0.2, 1, 0.3]", true)]
    [InlineData("[0.1, 0.2, 0.9, 0.77]", false)]
    [InlineData("[0.1, 0.2, 0.9, 0.301]", false)]
    public void Boxes_follow_the_rule_when_an_observation_shows_boxes(string box, bool accepted)
    {
        var shown = new GroundedNumbers(["OBSERVATION:\n{'regions': [{'bbox': [0.1, 0.2, 0.9, 0.3], 'text': 'Regular 3.49'}, {'bbox': [0.1, 0.35, 0.9, 0.45], 'text': 'Supreme 3.65'}, {'bbox': [0.12, 0.5, 0.88, 0.61], 'text': 'Diesel 3.89'}], 'text': 'Regular 3.49'}"]);
        Assert.True(shown.GroundsBoxes);
        Assert.False(Board.GroundsBoxes);
        var reply = Encoding.UTF8.GetBytes($$$"""{"thought": "", "actions": [{"name": "ZoomIn", "arguments": {"image": "image-0", "bbox": {{{box}}}, "zoom_factor": 2.5}}]}""");
        Assert.Equal(accepted, new CotaGrammar(CotaGrammarTests.Actions, imageCount: 1, numbers: shown).Matches(reply));

        // Without boxes in the observations, a box is the model's own estimate, and free.
        Assert.True(Grammar.Matches(reply));
    }

    [Fact]
    public void A_box_number_1_may_be_written_as_1_0_only_when_10_is_allowed()
    {
        var shown = new GroundedNumbers(["{'regions': [{'bbox': [0.5, 0.25, 0.75, 0.9], 'text': 'B'}], 'text': 'B'}"]);
        var grammar = new CotaGrammar(CotaGrammarTests.Actions, imageCount: 1, numbers: shown);
        var state = grammar.Start;
        Assert.True(grammar.Advance(ref state, """{"thought": "", "actions": [{"name": "ZoomIn", "arguments": {"image": "image-0", "zoom_factor": 2, "bbox": [0.5, 0.25, 1"""u8));
        var dot = state;
        Assert.False(grammar.Advance(ref dot, (byte)'.'), "1. with no 10 allowed would leave no digit to write");
        Assert.True(grammar.Advance(ref state, ", 1]}}]}"u8));
        Assert.True(grammar.IsAccepting(state));
    }

    /// <summary>
    /// Random walks through the answer and expression strings and boxes, drawn to digits: each walk finishes as a reply
    /// that parses, every number it writes there is allowed, and the shortest completion stays exact (some byte
    /// always lowers it by one), so a token budget is never broken by the rule.
    /// </summary>
    [Fact]
    public void Random_walks_write_only_allowed_numbers_and_always_finish()
    {
        var random = new Random(77);
        var numbers = new GroundedNumbers([.. Sources, "{'regions': [{'bbox': [0.1, 0.35, 0.9, 0.45], 'text': 'Diesel 3,89'}], 'text': 'Diesel 3,89'}"]);
        var grammar = new CotaGrammar(
            [.. CotaGrammarTests.Actions.Where(a => a.Name is "Calculate" or "Terminate" or "ZoomIn")],
            imageCount: 1,
            new CotaGrammarOptions { MaxThoughtBytes = 8, MaxStringBytes = 40 },
            numbers);
        var numbersWritten = 0;
        var actions = 0;
        for (var walk = 0; walk < 300; walk++)
        {
            var state = grammar.Start;
            var bytes = new List<byte>();
            var budget = random.Next(80, 160);
            while (!grammar.IsAccepting(state) || (random.Next(4) == 0 && bytes.Count < budget))
            {
                var options = CotaGrammarTests.NextBytes(grammar, state, bytes);
                if (options.Count == 0)
                {
                    break;
                }

                var fitting = options.Where(o => o.Min <= budget - bytes.Count - 1).ToList();
                Assert.NotEmpty(fitting);

                // Mostly a digit or a decimal mark when one is allowed, so numbers get long enough to meet the rule.
                var numeric = fitting.Where(o => o.Byte is (>= (byte)'0' and <= (byte)'9') or (byte)'.').ToList();
                var pool = numeric.Count > 0 && random.Next(4) != 0 ? numeric : fitting;
                var pick = pool[random.Next(pool.Count)];
                state = pick.Next;
                bytes.Add(pick.Byte);
            }

            var text = Encoding.UTF8.GetString(bytes.ToArray());
            var reply = CotaParser.Parse(text);
            Assert.False(reply.IsError, $"{reply.ErrorMessage}: {text}");
            if (reply.Action is not { } action)
            {
                continue;
            }

            actions++;
            var value = action.Name switch
            {
                "Calculate" => action.Arguments.GetProperty("expression").GetString()!,
                "Terminate" => action.Arguments.GetProperty("answer").GetString()!,
                _ => string.Join(" ", action.Arguments.GetProperty("bbox").EnumerateArray().Select(v => v.GetRawText())),
            };
            foreach (var digits in GroundedNumbers.WrittenNumbers(value))
            {
                Assert.True(numbers.Allows(digits), $"{digits} in {text}");
                numbersWritten += digits.Length >= 2 ? 1 : 0;
            }
        }

        Assert.True(numbersWritten >= 30, $"{actions} actions, only {numbersWritten} numbers of two digits or more were written");
    }

    private static byte[] Reply(string action, string argument, string value) =>
        Encoding.UTF8.GetBytes($$$"""{"thought": "", "actions": [{"name": "{{{action}}}", "arguments": {"{{{argument}}}": "{{{value}}}"}}]}""");
}
