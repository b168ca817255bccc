using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Taco.Agent.Evaluation;

/// <summary>
/// VQA-style answer normalization: lower case, thousands separators and punctuation removed
/// (a decimal point between digits is kept), number words zero to ten as digits, the articles
/// a, an and the dropped, whitespace collapsed.
/// </summary>
public static partial class AnswerNormalizer
{
    private static readonly Dictionary<string, string> NumberWords = new(StringComparer.Ordinal)
    {
        ["none"] = "0",
        ["zero"] = "0",
        ["one"] = "1",
        ["two"] = "2",
        ["three"] = "3",
        ["four"] = "4",
        ["five"] = "5",
        ["six"] = "6",
        ["seven"] = "7",
        ["eight"] = "8",
        ["nine"] = "9",
        ["ten"] = "10",
    };

    private static readonly HashSet<string> Articles = new(StringComparer.Ordinal) { "a", "an", "the" };

    public static string Normalize(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return string.Empty;
        }

        var text = ThousandsSeparator().Replace(answer.Trim().ToLowerInvariant(), "$1$2");
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var decimalPoint = c == '.' && i > 0 && char.IsAsciiDigit(text[i - 1]) && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]);
            if (char.IsLetterOrDigit(c) || decimalPoint || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]) && (i == 0 || text[i - 1] == ' ')))
            {
                sb.Append(c);
            }
            else if (c is '\'' or '\u2019')
            {
                // "what's" → "whats", as VQA's contraction handling ends up for most words.
            }
            else
            {
                sb.Append(' ');
            }
        }

        var words = sb.ToString()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => NumberWords.TryGetValue(w, out var digit) ? digit : w)
            .Where(w => !Articles.Contains(w));
        return string.Join(' ', words);
    }

    /// <summary>The first number in the answer (currency signs, units, thousands separators and number words allowed around it).</summary>
    public static double? FirstNumber(string? answer)
    {
        var normalized = Normalize(answer);
        var match = Number().Match(normalized);
        return match.Success && double.TryParse(match.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : null;
    }

    /// <summary>True when the whole answer is one number (so a gold answer like "13.7" scores numerically).</summary>
    public static bool IsNumber(string? answer)
    {
        var normalized = Normalize(answer);
        return normalized.Length > 0 && Number().Match(normalized) is { Success: true } m && m.Length == normalized.Length;
    }

    [GeneratedRegex(@"(\d),(\d{3})(?!\d)")]
    private static partial Regex ThousandsSeparator();

    [GeneratedRegex(@"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")]
    private static partial Regex Number();
}
