using System.Text.RegularExpressions;

namespace Taco.Agent.Evaluation;

/// <summary>Scores one prediction against an <see cref="EvalItem"/>: 1 is right, 0 wrong, VQA may give a fraction.</summary>
public sealed partial class AnswerScorer
{
    /// <summary>Numeric answers within this fraction of the gold value count as right (unless the item sets a tolerance).</summary>
    public double RelativeTolerance { get; init; } = 0.01;

    /// <summary>The item's declared type, else: choices → choice, several gold answers → vqa, a numeric gold → numeric, else exact.</summary>
    public static AnswerType TypeOf(EvalItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.AnswerType
            ?? (!item.Choices.IsEmpty ? AnswerType.Choice
                : item.Gold.Length > 1 ? AnswerType.Vqa
                : AnswerNormalizer.IsNumber(item.Gold[0]) ? AnswerType.Numeric
                : AnswerType.Exact);
    }

    public double Score(EvalItem item, string? prediction)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (string.IsNullOrWhiteSpace(prediction))
        {
            return 0;
        }

        return TypeOf(item) switch
        {
            AnswerType.Exact => item.Gold.Any(g => AnswerNormalizer.Normalize(g) == AnswerNormalizer.Normalize(prediction)) ? 1 : 0,
            AnswerType.Numeric => ScoreNumeric(item, prediction),
            AnswerType.Choice => ScoreChoice(item, prediction),
            AnswerType.Vqa => ScoreVqa(item, prediction),
            _ => 0,
        };
    }

    /// <summary>The choice letter a prediction names: "B", "(b)", "B. 42 km", "the answer is B", or an option's text.</summary>
    public static char? ChoiceLetter(string? prediction, IReadOnlyList<string> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        if (string.IsNullOrWhiteSpace(prediction))
        {
            return null;
        }

        var text = prediction.Trim();
        char? letter = null;
        foreach (var pattern in new[] { SoleLetter(), AnswerIsLetter(), LeadingLetter(), ParenthesizedLetter() })
        {
            if (pattern.Match(text) is { Success: true } m)
            {
                letter = char.ToUpperInvariant(m.Groups["l"].Value[0]);
                break;
            }
        }

        if (letter is null && choices.Count > 0)
        {
            var normalized = AnswerNormalizer.Normalize(text);
            var index = choices.Select(AnswerNormalizer.Normalize).ToList().IndexOf(normalized);
            letter = index >= 0 ? (char)('A' + index) : null;
        }

        return letter is { } l && (choices.Count == 0 || l - 'A' < choices.Count) ? l : null;
    }

    private double ScoreNumeric(EvalItem item, string prediction)
    {
        if (AnswerNormalizer.FirstNumber(prediction) is not { } value)
        {
            return 0;
        }

        foreach (var gold in item.Gold)
        {
            if (AnswerNormalizer.FirstNumber(gold) is { } expected)
            {
                var tolerance = item.Tolerance ?? Math.Max(RelativeTolerance * Math.Abs(expected), 1e-9);
                if (Math.Abs(value - expected) <= tolerance)
                {
                    return 1;
                }
            }
        }

        return 0;
    }

    private static double ScoreChoice(EvalItem item, string prediction)
    {
        var predicted = ChoiceLetter(prediction, item.Choices);
        return predicted is not null && item.Gold.Any(g => ChoiceLetter(g, item.Choices) == predicted) ? 1 : 0;
    }

    /// <summary>
    /// VQA accuracy: for each gold answer left out in turn, min(1, matches among the others / 3),
    /// averaged (the official formula for 10 answers). With fewer than four answers the bar is all
    /// the others rather than 3, so three agreeing annotators still give 1; one answer is exact match.
    /// </summary>
    private static double ScoreVqa(EvalItem item, string prediction)
    {
        var predicted = AnswerNormalizer.Normalize(prediction);
        var gold = item.Gold.Select(AnswerNormalizer.Normalize).ToList();
        if (gold.Count == 1)
        {
            return gold[0] == predicted ? 1 : 0;
        }

        var needed = Math.Min(3, gold.Count - 1);
        var total = 0.0;
        for (var i = 0; i < gold.Count; i++)
        {
            var matches = gold.Where((g, j) => j != i && g == predicted).Count();
            total += Math.Min(1.0, (double)matches / needed);
        }

        return total / gold.Count;
    }

    [GeneratedRegex(@"^\(?(?<l>[A-Za-z])\)?[.):]?$")]
    private static partial Regex SoleLetter();

    [GeneratedRegex(@"\b(?i:answer|option|choice)\s*(?i:is|:)?\s*\(?(?<l>[A-Z])\b\)?")]
    private static partial Regex AnswerIsLetter();

    [GeneratedRegex(@"^\(?(?<l>[A-Z])[).:]\s")]
    private static partial Regex LeadingLetter();

    [GeneratedRegex(@"\((?<l>[A-Z])\)")]
    private static partial Regex ParenthesizedLetter();
}
