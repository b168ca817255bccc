using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Taco.Tokenizers.Text;

/// <summary>
/// A tokenizer.json regex (Oniguruma syntax) compiled to a .NET regex that matches the way the
/// reference's JavaScript "u"-flag regex does. Two differences need work: JavaScript rewrites some
/// constructs (ASCII-only <c>(?i:…)</c>, atomic groups and possessive quantifiers dropped), and it
/// matches by code point while .NET matches UTF-16 units — so text holding surrogate pairs is matched
/// on a proxy string where each pair becomes one BMP character of the same general category.
/// </summary>
internal sealed class JsRegex
{
    private readonly Regex? _regex;
    private readonly string? _literal;

    public JsRegex(string pattern, bool isLiteral = false)
    {
        Source = pattern;
        if (isLiteral)
        {
            _literal = pattern;
        }
        else
        {
            _regex = new Regex(Translate(pattern), RegexOptions.Compiled | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(10));
        }
    }

    public string Source { get; }

    /// <summary>A tokenizer.json pattern object: {"Regex": "…"} or {"String": "…"}.</summary>
    public static JsRegex FromConfig(Json.JsonConfig pattern)
    {
        try
        {
            if (pattern.String("Regex") is { } regex)
            {
                return new JsRegex(regex);
            }

            if (pattern.String("String") is { } literal)
            {
                return new JsRegex(literal, isLiteral: true);
            }
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException)
        {
            throw pattern.Error($"holds a regex taco cannot run the way the reference does: {e.Message}");
        }
        throw pattern.Error("must hold \"Regex\" or \"String\"");
    }

    /// <summary>Non-overlapping matches as (start, length) in UTF-16 units of <paramref name="text"/>.</summary>
    public void Matches(string text, List<(int Start, int Length)> output)
    {
        if (_literal is not null)
        {
            if (_literal.Length == 0)
            {
                return;
            }

            for (var at = text.IndexOf(_literal, StringComparison.Ordinal); at >= 0; at = text.IndexOf(_literal, at + _literal.Length, StringComparison.Ordinal))
            {
                output.Add((at, _literal.Length));
            }

            return;
        }
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            foreach (var m in _regex!.EnumerateMatches(text))
            {
                output.Add((m.Index, m.Length));
            }

            return;
        }
        var (proxy, map) = Proxy(text);
        foreach (var m in _regex!.EnumerateMatches(proxy))
        {
            var start = map[m.Index];
            output.Add((start, map[m.Index + m.Length] - start));
        }
    }

    public string ReplaceAll(string text, string replacement)
    {
        var matches = new List<(int Start, int Length)>();
        Matches(text, matches);
        if (matches.Count == 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        var prev = 0;
        foreach (var (start, length) in matches)
        {
            sb.Append(text, prev, start - prev).Append(replacement);
            prev = start + length;
        }
        return sb.Append(text, prev, text.Length - prev).ToString();
    }

    private static (string Proxy, int[] Map) Proxy(string text)
    {
        var sb = new StringBuilder(text.Length);
        var map = new int[text.Length + 1];
        var n = 0;
        for (var i = 0; i < text.Length; ++i)
        {
            map[n++] = i;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(Representative(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(text[i], text[i + 1]))));
                ++i;
            }
            else
            {
                sb.Append(text[i]);
            }
        }
        map[n] = text.Length;
        return (sb.ToString(), map);
    }

    // BMP characters of each general category, none of them ASCII or special-cased by the patterns.
    private static char Representative(UnicodeCategory c) => c switch
    {
        UnicodeCategory.UppercaseLetter => '\u0100',
        UnicodeCategory.LowercaseLetter => '\u0101',
        UnicodeCategory.TitlecaseLetter => '\u01C5',
        UnicodeCategory.ModifierLetter => '\u02B0',
        UnicodeCategory.OtherLetter => '\u05D0',
        UnicodeCategory.NonSpacingMark => '\u0300',
        UnicodeCategory.SpacingCombiningMark => '\u0903',
        UnicodeCategory.EnclosingMark => '\u20DD',
        UnicodeCategory.DecimalDigitNumber => '\u0660',
        UnicodeCategory.LetterNumber => '\u2160',
        UnicodeCategory.OtherNumber => '\u0F2A',
        UnicodeCategory.Format => '\u2060',
        UnicodeCategory.PrivateUse => '\uE000',
        UnicodeCategory.ConnectorPunctuation => '\u203F',
        UnicodeCategory.DashPunctuation => '\u2010',
        UnicodeCategory.OpenPunctuation => '\u2045',
        UnicodeCategory.ClosePunctuation => '\u2046',
        UnicodeCategory.InitialQuotePunctuation => '\u2039',
        UnicodeCategory.FinalQuotePunctuation => '\u203A',
        UnicodeCategory.OtherPunctuation => '\u00B6',
        UnicodeCategory.MathSymbol => '\u2200',
        UnicodeCategory.CurrencySymbol => '\u20AC',
        UnicodeCategory.ModifierSymbol => '\u02C2',
        UnicodeCategory.OtherSymbol => '\u00A6',
        _ => '\u0378',
    };

    private const string WordChars = @"\p{L}\p{Nl}\p{M}\p{Nd}\p{Pc}\u00B2\u00B3\u00B9\u00BC-\u00BE";

    /// <summary>Oniguruma (as tokenizer.json writes it) to .NET, mirroring the reference's JS rewrite.</summary>
    internal static string Translate(string pattern)
    {
        var sb = new StringBuilder(pattern.Length + 16);
        var foldStack = new Stack<bool>();
        var fold = false;
        var lastWasQuantifier = false;
        var i = 0;
        while (i < pattern.Length)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\':
                    i = TranslateEscape(pattern, i, sb, inClass: false, fold);
                    lastWasQuantifier = false;
                    continue;
                case '[':
                    i = TranslateClass(pattern, i, sb, fold);
                    lastWasQuantifier = false;
                    continue;
                case '.':
                    sb.Append(@"[^\n]");
                    break;
                case '^':
                    sb.Append(@"(?:(?<![\s\S])|(?<=\n))");
                    break;
                case '$':
                    sb.Append(@"(?:(?=\n)|(?![\s\S]))");
                    break;
                case '(':
                    foldStack.Push(fold);
                    if (string.CompareOrdinal(pattern, i, "(?i:", 0, 4) == 0)
                    {
                        fold = true;
                        sb.Append("(?:");
                        i += 4;
                        lastWasQuantifier = false;
                        continue;
                    }
                    if (string.CompareOrdinal(pattern, i, "(?>", 0, 3) == 0)
                    {
                        sb.Append("(?:");
                        i += 3;
                        lastWasQuantifier = false;
                        continue;
                    }
                    if (i + 1 < pattern.Length && pattern[i + 1] == '?' && i + 2 < pattern.Length
                        && pattern[i + 2] is not (':' or '=' or '!' or '<'))
                    {
                        throw new NotSupportedException($"regex group syntax '{pattern.Substring(i, Math.Min(4, pattern.Length - i))}' is not supported");
                    }

                    sb.Append('(');
                    break;
                case ')':
                    fold = foldStack.Count > 0 && foldStack.Pop();
                    sb.Append(')');
                    break;
                case '+' when lastWasQuantifier:
                    // Possessive quantifier: JavaScript has none and the reference drops it.
                    ++i;
                    lastWasQuantifier = false;
                    continue;
                case '+' or '*' or '?':
                    sb.Append(c);
                    ++i;
                    lastWasQuantifier = true;
                    continue;
                case '{':
                    var close = pattern.IndexOf('}', i);
                    if (close > i && IsQuantifierBody(pattern.AsSpan(i + 1, close - i - 1)))
                    {
                        var body = pattern[(i + 1)..close];
                        if (close + 1 < pattern.Length && pattern[close + 1] is '+' or '*')
                        {
                            throw new NotSupportedException("an interval followed by + or * in a regex is not supported");
                        }

                        sb.Append('{').Append(body.StartsWith(',') ? "0" + body : body).Append('}');
                        i = close + 1;
                        lastWasQuantifier = true;
                        continue;
                    }
                    sb.Append(@"\{");
                    break;
                case '}':
                    sb.Append(@"\}");
                    break;
                case ']':
                    sb.Append(@"\]");
                    break;
                case '#' or ' ':
                    // Literal in Oniguruma; escaped so no .NET option can reinterpret them.
                    sb.Append('\\').Append(c);
                    break;
                default:
                    if (fold && char.IsAsciiLetter(c))
                    {
                        sb.Append('[').Append(char.ToLowerInvariant(c)).Append(char.ToUpperInvariant(c)).Append(']');
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
            ++i;
            lastWasQuantifier = false;
        }
        return sb.ToString();
    }

    private static bool IsQuantifierBody(ReadOnlySpan<char> body)
    {
        if (body.IsEmpty)
        {
            return false;
        }

        var comma = body.IndexOf(',');
        foreach (var ch in body)
        {
            if (ch != ',' && !char.IsAsciiDigit(ch))
            {
                return false;
            }
        }
        return comma < 0 || body.LastIndexOf(',') == comma && (comma > 0 || body.Length > 1);
    }

    private static int TranslateEscape(string p, int i, StringBuilder sb, bool inClass, bool fold)
    {
        if (i + 1 >= p.Length)
        {
            throw new NotSupportedException("regex ends with a lone backslash");
        }

        var n = p[i + 1];
        switch (n)
        {
            case 'p' or 'P' when i + 2 < p.Length && p[i + 2] == '{':
                var end = p.IndexOf('}', i);
                if (end < 0)
                {
                    throw new NotSupportedException("unterminated \\p{…} in regex");
                }

                var name = p[(i + 3)..end];
                sb.Append(PropertyClass(name, negated: n == 'P', inClass));
                return end + 1;
            case 'x' when i + 2 < p.Length && p[i + 2] == '{':
                var e2 = p.IndexOf('}', i);
                AppendCodePoint(sb, Convert.ToInt32(p[(i + 3)..e2], 16), fold && !inClass);
                return e2 + 1;
            case 'x':
                AppendCodePoint(sb, Convert.ToInt32(p.Substring(i + 2, 2), 16), fold && !inClass);
                return i + 4;
            case 'u':
                AppendCodePoint(sb, Convert.ToInt32(p.Substring(i + 2, 4), 16), fold && !inClass);
                return i + 6;
            case 's':
                sb.Append(@"\s");
                return i + 2;
            case 'S':
                sb.Append(@"\S");
                return i + 2;
            case 'd':
                sb.Append(@"\p{Nd}");
                return i + 2;
            case 'D':
                sb.Append(inClass ? @"\P{Nd}" : @"\P{Nd}");
                return i + 2;
            case 'w':
                sb.Append(inClass ? WordChars : "[" + WordChars + "]");
                return i + 2;
            case 'W':
                if (inClass)
                {
                    throw new NotSupportedException("\\W inside a character class is not supported");
                }

                sb.Append("[^" + WordChars + "]");
                return i + 2;
            case 'h':
                sb.Append(inClass ? "0-9A-Fa-f" : "[0-9A-Fa-f]");
                return i + 2;
            case 'A':
                sb.Append(@"(?<![\s\S])");
                return i + 2;
            case 'z':
                sb.Append(@"(?![\s\S])");
                return i + 2;
            case 'Z':
                sb.Append(@"(?=\n?(?![\s\S]))");
                return i + 2;
            case 'b' when !inClass:
                sb.Append($@"(?:(?<![{WordChars}])(?=[{WordChars}])|(?<=[{WordChars}])(?![{WordChars}]))");
                return i + 2;
            case 'a':
                sb.Append(@"\x07");
                return i + 2;
            case 'e':
                sb.Append(@"\x1B");
                return i + 2;
            case 'n' or 'r' or 't' or 'f' or 'v':
                sb.Append('\\').Append(n);
                return i + 2;
            case 'G':
                return i + 2;
            default:
                if (char.IsAsciiLetterOrDigit(n))
                {
                    throw new NotSupportedException($"regex escape '\\{n}' is not supported");
                }

                if (fold && !inClass && char.IsAsciiLetter(n))
                {
                    sb.Append('[').Append(char.ToLowerInvariant(n)).Append(char.ToUpperInvariant(n)).Append(']');
                }
                else
                {
                    sb.Append('\\').Append(n);
                }

                return i + 2;
        }
    }

    private static void AppendCodePoint(StringBuilder sb, int cp, bool fold)
    {
        if (fold && cp < 128 && char.IsAsciiLetter((char)cp))
        {
            sb.Append('[').Append(char.ToLowerInvariant((char)cp)).Append(char.ToUpperInvariant((char)cp)).Append(']');
            return;
        }
        if (cp > 0xFFFF)
        {
            throw new NotSupportedException($"regex code point U+{cp:X} beyond the BMP is not supported");
        }

        sb.Append(CultureInfo.InvariantCulture, $"\\u{cp:X4}");
    }

    private static int TranslateClass(string p, int i, StringBuilder sb, bool fold)
    {
        var start = sb.Length;
        sb.Append('[');
        ++i;
        if (i < p.Length && p[i] == '^')
        {
            sb.Append('^');
            ++i;
        }
        var first = true;
        var letters = new StringBuilder();
        while (i < p.Length)
        {
            var c = p[i];
            if (c == ']' && !first)
            {
                if (fold)
                {
                    // ASCII case folding inside (?i:…), as the reference's rewrite does for classes.
                    var existing = sb.ToString(start, sb.Length - start);
                    foreach (var ch in letters.ToString())
                    {
                        var other = char.IsAsciiLetterLower(ch) ? char.ToUpperInvariant(ch) : char.ToLowerInvariant(ch);
                        if (!existing.Contains(other, StringComparison.Ordinal))
                        {
                            sb.Append(other);
                        }
                    }
                }
                sb.Append(']');
                return i + 1;
            }
            first = false;
            if (c == '\\')
            {
                i = TranslateEscape(p, i, sb, inClass: true, fold: false);
                continue;
            }
            if (c == '[')
            {
                throw new NotSupportedException("nested character classes in a regex are not supported");
            }

            if (c == '&' && i + 1 < p.Length && p[i + 1] == '&')
            {
                throw new NotSupportedException("character-class intersection in a regex is not supported");
            }

            if (char.IsAsciiLetter(c))
            {
                letters.Append(c);
            }

            if (c is '-' && (i + 1 < p.Length && p[i + 1] == ']'))
            {
                sb.Append(@"\-");
            }
            else
            {
                sb.Append(c);
            }

            ++i;
        }
        throw new NotSupportedException("unterminated character class in regex");
    }

    private static string PropertyClass(string name, bool negated, bool inClass)
    {
        var shortName = name switch
        {
            "Letter" => "L",
            "Uppercase_Letter" => "Lu",
            "Lowercase_Letter" => "Ll",
            "Mark" or "Combining_Mark" => "M",
            "Number" => "N",
            "Decimal_Number" or "digit" => "Nd",
            "Punctuation" or "punct" => "P",
            "Symbol" => "S",
            "Separator" => "Z",
            "Other" => "C",
            "Control" or "cntrl" => "Cc",
            _ => name,
        };
        if (shortName is "White_Space" or "Space")
        {
            return inClass ? (negated ? throw new NotSupportedException("\\P{White_Space} inside a class") : @"\s") : (negated ? @"\S" : @"\s");
        }

        if (shortName is "Alphabetic" or "Alpha")
        {
            shortName = "L";
        }

        if (shortName.Length > 2 || shortName.Length == 0 || !char.IsAsciiLetterUpper(shortName[0]))
        {
            throw new NotSupportedException($"regex property \\p{{{name}}} is not supported");
        }

        return $"\\{(negated ? 'P' : 'p')}{{{shortName}}}";
    }
}
