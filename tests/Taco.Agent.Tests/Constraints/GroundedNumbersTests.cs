using Taco.Agent.Constraints;
using Taco.Agent.Models;
using Taco.Agent.Protocol;
using Taco.Tools;
using Taco.Tools.Calculate;
using Taco.Tools.Ocr;

namespace Taco.Agent.Tests.Constraints;

public sealed class GroundedNumbersTests
{
    [Theory]
    [InlineData("CASH 7, 90", "7.90")]
    [InlineData("Total 1,250", "1250")]
    [InlineData("Total 1,250", "1,250")]
    [InlineData("Regular 3.49 9", "3.49")]
    [InlineData("Regular 3.49 9", "3.499")]
    [InlineData("Regular 3.499", "3.49")]
    [InlineData("Diesel 3,89", "3.89")]
    [InlineData("{'depth': 0.25}", "0.25")]
    [InlineData("{'depth': 0.25}", ".25")]
    [InlineData("Prices: 12, 15, 20", "15")]
    [InlineData("Prices: 12, 15, 20", "20")]
    [InlineData("How many for $50?", "50")]
    public void A_number_written_with_other_punctuation_matches_on_its_digits(string source, string written)
    {
        var numbers = new GroundedNumbers([source]);
        var digits = Assert.Single(GroundedNumbers.WrittenNumbers(written));
        Assert.True(numbers.Allows(digits), $"{written} ({digits}) from \"{source}\"");
    }

    [Theory]
    [InlineData("Regular 3.49 Diesel 3.89", "3.59")]
    [InlineData("Regular 3.49 Diesel 3.89", "4.89")]
    [InlineData("Regular 3.49 Diesel 3.89", "34.99")]
    [InlineData("How many for $50?", "51")]
    [InlineData("often", "10")]
    [InlineData("", "23")]
    public void A_number_that_is_nowhere_in_the_sources_is_not_allowed(string source, string written)
    {
        var numbers = new GroundedNumbers([source]);
        var digits = Assert.Single(GroundedNumbers.WrittenNumbers(written));
        Assert.False(numbers.Allows(digits), $"{written} from \"{source}\"");
    }

    [Fact]
    public void Single_digits_are_always_allowed()
    {
        var numbers = new GroundedNumbers([]);
        Assert.All(Enumerable.Range(0, 10), d => Assert.True(numbers.Allows(d.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.True(numbers.Allows("0"));
        Assert.True(numbers.Allows("000"));
        Assert.False(numbers.Allows("11"));
    }

    [Theory]
    [InlineData("13.698630136986301", "13.7")]
    [InlineData("13.698630136986301", "13.70")]
    [InlineData("13.698630136986301", "14")]
    [InlineData("13.698630136986301", "13.69")]
    [InlineData("13.698630136986301", "13.6986")]
    [InlineData("19.96", "20.0")]
    [InlineData("19.96", "20")]
    [InlineData("0.996", "1.00")]
    [InlineData("1996", "2000")]
    [InlineData("1,250", "1300")]
    [InlineData("3.5", "3.50")]
    [InlineData("0.4000000000000004", "0.40")]
    public void Roundings_and_truncations_are_allowed_with_carry(string source, string written)
    {
        var numbers = new GroundedNumbers([source]);
        Assert.True(numbers.Allows(GroundedNumbers.WrittenNumbers(written)[0]), $"{written} from {source}");
    }

    [Theory]
    [InlineData("13.698630136986301", "13.8")]
    [InlineData("13.698630136986301", "15")]
    [InlineData("19.96", "19.97")]
    [InlineData("3.5", "3.5000")]
    public void Other_nearby_numbers_are_not(string source, string written)
    {
        var numbers = new GroundedNumbers([source]);
        Assert.False(numbers.Allows(GroundedNumbers.WrittenNumbers(written)[0]), $"{written} from {source}");
    }

    [Theory]
    [InlineData("1996", 3, "200")]
    [InlineData("1996", 2, "20")]
    [InlineData("996", 2, "100")]
    [InlineData("1949", 3, "195")]
    [InlineData("1944", 3, "194")]
    [InlineData("25", 5, "25")]
    public void Rounding_carries(string digits, int length, string expected) =>
        Assert.Equal(expected, GroundedNumbers.Round(digits, length));

    [Theory]
    [InlineData("Eggs come by the dozen.", "12")]
    [InlineData("I bought Twelve apples.", "12")]
    [InlineData("ten boxes", "10")]
    [InlineData("eleven", "11")]
    public void Number_words_count_as_their_digits(string source, string digits) =>
        Assert.True(new GroundedNumbers([source]).Allows(digits));

    [Fact]
    public void Written_numbers_are_split_where_the_rule_splits_them()
    {
        Assert.Equal(["790", "5", "12", "7", "3"], GroundedNumbers.WrittenNumbers("$7.90 and 0,5 then 12 * 7, 3."));
        Assert.Equal(["2", "349"], GroundedNumbers.WrittenNumbers("2*3.49"));
        Assert.Equal([""], GroundedNumbers.WrittenNumbers("0.0"));
        Assert.Empty(GroundedNumbers.WrittenNumbers("no numbers."));
    }

    /// <summary>
    /// The trap an earlier attempt fell into: a digit string that is already a complete allowed number must be
    /// allowed to end. Here every digit string the rule lets a number reach is itself allowed, and the scanner
    /// accepts any non-digit after it.
    /// </summary>
    [Fact]
    public void Every_digit_string_the_rule_lets_a_number_reach_may_end_there()
    {
        var numbers = new GroundedNumbers(["Regular 3.49 9, Diesel 3,89, total 1,250.75", "{'result': 13.698630136986301}", "a dozen"]);
        var reached = 0;
        var pending = new Stack<(int Node, string Digits)>();
        pending.Push((GroundedNumbers.Root, string.Empty));
        while (pending.Count > 0)
        {
            var (node, digits) = pending.Pop();
            Assert.True(numbers.Allows(digits), digits);
            foreach (var end in "\" +-*/)$%a,."u8.ToArray())
            {
                var at = node;
                byte phase = 1;
                Assert.True(numbers.Scan(ref at, ref phase, end), $"{digits} then '{(char)end}'");
            }

            reached++;
            for (var d = 0; d < 10; d++)
            {
                var next = numbers.Next(node, d);
                if (next > 0 && next != node)
                {
                    pending.Push((next, digits + (char)('0' + d)));
                }
            }
        }

        Assert.Equal(numbers.NodeCount, reached);
        Assert.True(reached > 50, $"{reached} digit strings");
    }

    [Fact]
    public void The_task_prompt_and_the_models_own_turns_are_not_sources()
    {
        var actions = new[] { new CalculateTool().Descriptor, new TerminateTool().Descriptor };
        var profile = ProtocolProfile.Taco with { PromptStyle = PromptStyle.Full };
        var firstTurn = profile.RenderFirstTurn(actions, 1, "How many gallons for $40?");
        Assert.Contains("84", firstTurn, StringComparison.Ordinal);
        var numbers = GroundedNumbers.FromMessages(
        [
            ChatMessage.User(firstTurn),
            ChatMessage.Assistant("""{"thought": "3.45 and 77", "actions": []}"""),
            ChatMessage.User(ProtocolProfile.RenderNoAction() + " OCR said 3.65"),
        ]);
        Assert.True(numbers.Allows("40"));
        Assert.True(numbers.Allows("365"));
        Assert.False(numbers.Allows("84"));
        Assert.False(numbers.Allows("345"));
        Assert.False(numbers.Allows("77"));
    }

    [Fact]
    public void Boxes_are_grounded_only_when_the_profile_shows_ocr_boxes()
    {
        var ocr = ToolOutcome.Success("OCR", new OcrResult("Diesel 3.89", [new OcrLine("Diesel 3.89", new BoundingBox(0.12, 0.5, 0.88, 0.61), 0.7)]).ToToolDict());
        GroundedNumbers After(ProtocolProfile profile) => GroundedNumbers.FromMessages([ChatMessage.User("question"), ChatMessage.User(profile.RenderObservation(ocr))]);

        var tiny = After(ProtocolProfile.TacoTiny);
        Assert.True(tiny.GroundsBoxes);
        Assert.True(tiny.Allows("12"));
        Assert.True(tiny.Allows("88"));
        Assert.False(After(ProtocolProfile.Taco).GroundsBoxes);
    }

    [Fact]
    public void The_rule_applies_to_the_answer_and_the_expression_by_default()
    {
        var numbers = new GroundedNumbers([]);
        Assert.True(numbers.AppliesTo(TacoStrings.TerminateName, "answer"));
        Assert.True(numbers.AppliesTo("Calculate", "expression"));
        Assert.False(numbers.AppliesTo("ZoomIn", "zoom_factor"));
        Assert.False(numbers.AppliesTo("Crop", "bbox"));
    }
}
