using System.Text.Json.Nodes;
using Taco.Agent.Evaluation;

namespace Taco.Agent.Tests.Evaluation;

/// <summary>Scores on a hand-checked table: each row was worked out by hand from the rules in the docs.</summary>
public sealed class AnswerScorerTests
{
    public static TheoryData<string, string, string?, double> Table => new()
    {
        // gold (| separates several), type, prediction, expected score
        // exact: case, punctuation, articles and number words do not matter; words do.
        { "Diesel", "exact", "diesel", 1 },
        { "the red car", "exact", "Red car.", 1 },
        { "two", "exact", "2", 1 },
        { "don't know", "exact", "dont know", 1 },
        { "stop sign", "exact", "a stop-sign!", 1 },
        { "stop sign", "exact", "stop", 0 },
        { "yes", "exact", "no", 0 },
        { "yes", "exact", null, 0 },
        { "yes", "exact", "   ", 0 },
        // numeric: first number in the prediction, 1% relative tolerance by default.
        { "13.7", "numeric", "13.698630136986301", 1 },
        { "13.7", "numeric", "$13.70 per gallon", 1 },
        { "1000", "numeric", "1,000", 1 },
        { "1000", "numeric", "about 1011", 0 },
        { "1000", "numeric", "about 1009", 1 },
        { "3", "numeric", "three", 1 },
        { "-4.5", "numeric", "-4.5", 1 },
        { "-4.5", "numeric", "4.5", 0 },
        { "0", "numeric", "0.0", 1 },
        { "0", "numeric", "0.001", 0 },
        { "42", "numeric", "forty-two", 0 },
        { "2", "numeric", "2 of 10", 1 },
        // choice: the letter however it is written, or the option's text.
        { "B", "choice", "B", 1 },
        { "B", "choice", "(b)", 1 },
        { "B", "choice", "B. regular", 1 },
        { "B", "choice", "The answer is B", 1 },
        { "B", "choice", "The answer is (B).", 1 },
        { "B", "choice", "regular", 1 },
        { "B", "choice", "A", 0 },
        { "B", "choice", "diesel", 0 },
        { "B", "choice", "Answer is Apple", 0 },
        { "B", "choice", "D", 0 },
        // vqa: leave-one-out over the gold answers, min(1, agreeing / 3) (or / the others when fewer than four).
        { "red|red|red|red|red|red|red|red|red|red", "vqa", "Red", 1 },
        { "red|red|red|red|blue|blue|blue|blue|blue|blue", "vqa", "red", 1 },
        { "red|red|red|blue|blue|blue|blue|blue|blue|blue", "vqa", "red", 0.9 },
        { "red|red|blue|blue|blue|blue|blue|blue|blue|blue", "vqa", "red", 0.6 },
        { "red|blue|blue|blue|blue|blue|blue|blue|blue|blue", "vqa", "red", 0.3 },
        { "red|blue|blue|blue|blue|blue|blue|blue|blue|blue", "vqa", "green", 0 },
        { "red|red|red", "vqa", "red", 1 },
        { "red|blue|blue", "vqa", "red", 1.0 / 3 },
        { "red", "vqa", "red", 1 },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Scores_match_the_hand_checked_table(string gold, string type, string? prediction, double expected)
    {
        var item = new EvalItem
        {
            Id = "x",
            Gold = [.. gold.Split('|')],
            AnswerType = Enum.Parse<AnswerType>(type, ignoreCase: true),
            Choices = type == "choice" ? ["diesel", "regular", "premium"] : [],
        };
        Assert.Equal(expected, new AnswerScorer().Score(item, prediction), precision: 9);
    }

    [Theory]
    [InlineData("3.65", null, AnswerType.Numeric)]
    [InlineData("$1,200", null, AnswerType.Numeric)]
    [InlineData("$1,200 a month", null, AnswerType.Exact)]
    [InlineData("seven", null, AnswerType.Numeric)]
    [InlineData("diesel", null, AnswerType.Exact)]
    [InlineData("B", "diesel|regular", AnswerType.Choice)]
    [InlineData("red|blue", null, AnswerType.Vqa)]
    public void The_answer_type_is_inferred_when_not_declared(string gold, string? choices, AnswerType expected)
    {
        var item = new EvalItem { Id = "x", Gold = [.. gold.Split('|')], Choices = choices is null ? [] : [.. choices.Split('|')] };
        Assert.Equal(expected, AnswerScorer.TypeOf(item));
    }

    [Fact]
    public void An_item_tolerance_is_absolute_and_overrides_the_relative_default()
    {
        var item = new EvalItem { Id = "x", Gold = ["100"], AnswerType = AnswerType.Numeric, Tolerance = 5 };
        Assert.Equal(1, new AnswerScorer().Score(item, "104.9"));
        Assert.Equal(0, new AnswerScorer().Score(item, "105.1"));
        var strict = new EvalItem { Id = "y", Gold = ["100"], AnswerType = AnswerType.Numeric };
        Assert.Equal(0, new AnswerScorer { RelativeTolerance = 0 }.Score(strict, "100.5"));
        Assert.Equal(1, new AnswerScorer { RelativeTolerance = 0.01 }.Score(strict, "100.5"));
    }

    [Fact]
    public void Items_are_read_from_their_json_fields()
    {
        var item = EvalItem.FromJson("q1", JsonNode.Parse("""{"answer": ["a", 2], "category": "signs", "answer_type": "VQA", "choices": "x|y", "tolerance": 0.5}""")!.AsObject());
        Assert.Equal(["a", "2"], item.Gold.ToArray());
        Assert.Equal("signs", item.Category);
        Assert.Equal(AnswerType.Vqa, item.AnswerType);
        Assert.Equal(["x", "y"], item.Choices.ToArray());
        Assert.Equal(0.5, item.Tolerance);
        Assert.Equal(EvalItem.Uncategorized, EvalItem.FromJson("q2", JsonNode.Parse("""{"answer": 3}""")!.AsObject()).Category);
    }

    [Theory]
    [InlineData("""{"question": "q"}""", "has no gold \"answer\"")]
    [InlineData("""{"answer": ""}""", "empty gold")]
    [InlineData("""{"answer": "a", "answer_type": "fuzzy"}""", "must be exact, numeric, choice or vqa")]
    [InlineData("""{"answer": "a", "answer_type": "1"}""", "must be exact, numeric, choice or vqa")]
    [InlineData("""{"answer": {"x": 1}}""", "not a string or number")]
    [InlineData("""{"answer": "a", "tolerance": -1}""", "tolerance")]
    [InlineData("""{"answer": "abc", "answer_type": "numeric"}""", "is numeric but its gold \"answer\" \"abc\" is not a finite number")]
    [InlineData("""{"answer": 1e999}""", "is not a finite number")]
    [InlineData("""{"answer": "Z", "choices": ["x", "y"]}""", "none of its 2 choices")]
    [InlineData("""{"answer": "A", "answer_type": "choice"}""", "has no \"choices\"")]
    [InlineData("""{"answer": true}""", "true/false gold")]
    [InlineData("""{"answer": ["yes", false]}""", "true/false gold")]
    public void Bad_item_fields_name_the_field(string json, string expected)
    {
        var e = Assert.Throws<FormatException>(() => EvalItem.FromJson("q", JsonNode.Parse(json)!.AsObject()));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
