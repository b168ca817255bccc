using System.Text.RegularExpressions;

namespace Taco.Agent.Synthesis;

/// <summary>
/// Whether an observation shows a number, matched on its digits so that the ways OCR punctuates
/// what it read still count: <c>7, 90</c> on a chalkboard is 7.90, <c>1,250</c> is 1250, and a fuel
/// sign's <c>3.49 9</c> or <c>3.499</c> (the 9/10) is 3.49.
/// </summary>
public static partial class DigitMatcher
{
    /// <summary>
    /// True when a number token of <paramref name="observation"/> (digit groups joined by <c>.</c>,
    /// <c>,</c>, <c>, </c> or one space) has a run of groups whose digits equal <paramref name="expected"/>'s,
    /// or are those digits and one more where the expected number has decimals (the 9/10 of a fuel
    /// price). A run starts at the token's start or after a space, never inside a decimal (so 49
    /// is not read from 3.49).
    /// </summary>
    public static bool Shows(string observation, string expected)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(expected);
        var digits = DigitsOf(expected);
        if (digits.Length == 0)
        {
            return false;
        }

        var decimals = expected.Contains('.', StringComparison.Ordinal);
        foreach (Match token in NumberToken().Matches(observation))
        {
            var groups = token.Groups["g"].Captures;
            var separators = token.Groups["s"].Captures;
            for (var start = 0; start < groups.Count; start++)
            {
                if (start > 0 && !separators[start - 1].Value.Contains(' ', StringComparison.Ordinal))
                {
                    continue;
                }

                var run = string.Empty;
                for (var end = start; end < groups.Count && run.Length <= digits.Length; end++)
                {
                    run += groups[end].Value;
                    if (run == digits || (decimals && run.Length == digits.Length + 1 && run.StartsWith(digits, StringComparison.Ordinal)))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The digits of a number as written (<c>$1,250.00</c> → <c>125000</c>).</summary>
    public static string DigitsOf(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        return string.Concat(number.Where(char.IsAsciiDigit));
    }

    [GeneratedRegex(@"(?<g>\d+)(?:(?<s>[.,] ?| )(?<g>\d+))*")]
    private static partial Regex NumberToken();
}
