using System.Globalization;
using System.Text;

namespace Taco.Tools.Calculate;

/// <summary>Splits an expression into tokens; numbers are checked the way Python's tokenizer checks them.</summary>
internal static class CalcTokenizer
{
    public static List<CalcToken> Tokenize(string s)
    {
        var tokens = new List<CalcToken>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (IsDigit(c) || (c == '.' && i + 1 < s.Length && IsDigit(s[i + 1])))
            {
                i = ReadNumber(s, i, tokens);
                continue;
            }

            if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new CalcToken(CalcTokenKind.Name, start, s[start..i]));
                continue;
            }

            var (kind, length) = c switch
            {
                '+' => (CalcTokenKind.Plus, 1),
                '-' or '\u2212' => (CalcTokenKind.Minus, 1),
                '*' when At(s, i + 1) == '*' => (CalcTokenKind.Power, 2),
                '*' or '\u00d7' or '\u22c5' => (CalcTokenKind.Star, 1),
                '/' when At(s, i + 1) == '/' => (CalcTokenKind.DoubleSlash, 2),
                '/' or '\u00f7' => (CalcTokenKind.Slash, 1),
                '%' => (CalcTokenKind.Percent, 1),
                '^' => (CalcTokenKind.Power, 1),
                '(' => (CalcTokenKind.LeftParen, 1),
                ')' => (CalcTokenKind.RightParen, 1),
                ',' => (CalcTokenKind.Comma, 1),
                '$' => (CalcTokenKind.Dollar, 1),
                _ => (CalcTokenKind.End, 0),
            };
            if (length == 0)
            {
                throw InvalidCharacter(s, i);
            }

            tokens.Add(new CalcToken(kind, i, s.Substring(i, length)));
            i += length;
        }

        tokens.Add(new CalcToken(CalcTokenKind.End, s.Length, string.Empty));
        return tokens;
    }

    private static int ReadNumber(string s, int i, List<CalcToken> tokens)
    {
        var start = i;
        var text = new StringBuilder();
        i = ReadDigits(s, i, text);
        if (At(s, i) == '.')
        {
            text.Append('.');
            i = ReadDigits(s, i + 1, text);
        }

        if (At(s, i) is 'e' or 'E')
        {
            var j = i + 1;
            if (At(s, j) is '+' or '-')
            {
                j++;
            }

            if (IsDigit(At(s, j)))
            {
                text.Append('e').Append(s, i + 1, j - (i + 1));
                i = ReadDigits(s, j, text);
            }
        }

        // Python: "2x", "2e", "1_" are "invalid decimal literal".
        if (char.IsAsciiLetterOrDigit(At(s, i)) || At(s, i) == '_')
        {
            throw new ToolExecutionException("SyntaxError", "invalid decimal literal");
        }

        tokens.Add(new CalcToken(CalcTokenKind.Number, start, text.ToString()));
        return i;
    }

    // Digits with Python's single underscores between them ("1_000").
    private static int ReadDigits(string s, int i, StringBuilder text)
    {
        while (i < s.Length)
        {
            if (IsDigit(s[i]))
            {
                text.Append(s[i]);
                i++;
            }
            else if (s[i] == '_' && i > 0 && IsDigit(s[i - 1]) && IsDigit(At(s, i + 1)))
            {
                i++;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static ToolExecutionException InvalidCharacter(string s, int i)
    {
        var c = s[i];
        if (c < 0x80)
        {
            return new ToolExecutionException("SyntaxError", "invalid syntax");
        }

        if (!Rune.TryGetRuneAt(s, i, out var rune))
        {
            return new ToolExecutionException("SyntaxError", $"invalid character (U+{(int)c:X4})");
        }

        return new ToolExecutionException(
            "SyntaxError",
            $"invalid character '{rune}' (U+{rune.Value.ToString("X4", CultureInfo.InvariantCulture)})");
    }

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';
}
