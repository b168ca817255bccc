using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;

namespace Taco.Agent.Protocol;

/// <summary>
/// <c>json.loads</c> as CPython 3.11 implements it (strict mode): the same accepted
/// language (including <c>NaN</c>, <c>Infinity</c>, duplicate keys where the last wins)
/// and the same error messages at the same positions. The reference agent shows those
/// messages to the model, so matching them is part of the protocol.
/// </summary>
public static class PythonJson
{
    /// <summary>Decodes <paramref name="text"/>; JSON <c>null</c> comes back as a null node.</summary>
    /// <summary>
    /// Nesting limit. CPython stops near its recursion limit (1000 frames) with a
    /// <c>RecursionError</c>; stopping a little earlier keeps a runaway model from
    /// overflowing our stack.
    /// </summary>
    public const int MaxDepth = 900;

    public static JsonNode? Loads(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = ToCodePoints(text);
        var idx = SkipWhitespace(s, 0);
        var value = ScanOnce(s, idx, 0, out var end);
        end = SkipWhitespace(s, end);
        if (end != s.Length)
        {
            throw Error("Extra data", s, end);
        }

        return value;
    }

    private static int[] ToCodePoints(string text)
    {
        // Python strings index code points; a lone surrogate stays one unit, as in Python's surrogateescape-free str.
        var list = new List<int>(text.Length);
        for (var k = 0; k < text.Length; k++)
        {
            var c = text[k];
            if (char.IsHighSurrogate(c) && k + 1 < text.Length && char.IsLowSurrogate(text[k + 1]))
            {
                list.Add(char.ConvertToUtf32(c, text[k + 1]));
                k++;
            }
            else
            {
                list.Add(c);
            }
        }

        return [.. list];
    }

    private static bool IsWhitespace(int c) => c is ' ' or '\t' or '\n' or '\r';

    private static int SkipWhitespace(int[] s, int idx)
    {
        while (idx < s.Length && IsWhitespace(s[idx]))
        {
            idx++;
        }

        return idx;
    }

    private static JsonNode? ScanOnce(int[] s, int idx, int depth, out int next)
    {
        if (idx >= s.Length)
        {
            throw ExpectingValue(s, idx);
        }

        switch (s[idx])
        {
            case '"':
                return JsonValue.Create(ScanString(s, idx + 1, out next));
            case '{':
                return ParseObject(s, idx + 1, Deeper(depth, "object"), out next);
            case '[':
                return ParseArray(s, idx + 1, Deeper(depth, "array"), out next);
            case 'n' when Matches(s, idx, "null"):
                next = idx + 4;
                return null;
            case 't' when Matches(s, idx, "true"):
                next = idx + 4;
                return JsonValue.Create(true);
            case 'f' when Matches(s, idx, "false"):
                next = idx + 5;
                return JsonValue.Create(false);
            case 'N' when Matches(s, idx, "NaN"):
                next = idx + 3;
                return JsonValue.Create(double.NaN);
            case 'I' when Matches(s, idx, "Infinity"):
                next = idx + 8;
                return JsonValue.Create(double.PositiveInfinity);
            case '-' when Matches(s, idx, "-Infinity"):
                next = idx + 9;
                return JsonValue.Create(double.NegativeInfinity);
            default:
                return MatchNumber(s, idx, out next);
        }
    }

    private static int Deeper(int depth, string what) =>
        depth < MaxDepth ? depth + 1 : throw PythonJsonException.Recursion($"maximum recursion depth exceeded while decoding a JSON {what} from a unicode string");

    private static bool Matches(int[] s, int idx, string word)
    {
        if (idx + word.Length > s.Length)
        {
            return false;
        }

        for (var k = 0; k < word.Length; k++)
        {
            if (s[idx + k] != word[k])
            {
                return false;
            }
        }

        return true;
    }

    private static JsonNode MatchNumber(int[] s, int start, out int next)
    {
        var idx = start;
        if (idx < s.Length && s[idx] == '-')
        {
            idx++;
        }

        if (idx < s.Length && s[idx] is >= '1' and <= '9')
        {
            idx++;
            while (idx < s.Length && IsDigit(s[idx]))
            {
                idx++;
            }
        }
        else if (idx < s.Length && s[idx] == '0')
        {
            idx++;
        }
        else
        {
            throw ExpectingValue(s, start);
        }

        var isFloat = false;
        if (idx + 1 < s.Length && s[idx] == '.' && IsDigit(s[idx + 1]))
        {
            isFloat = true;
            idx += 2;
            while (idx < s.Length && IsDigit(s[idx]))
            {
                idx++;
            }
        }

        if (idx < s.Length && s[idx] is 'e' or 'E')
        {
            // An exponent without digits is not part of the number ("1e" leaves "e" for the caller).
            var e = idx + 1;
            if (e < s.Length && s[e] is '+' or '-')
            {
                e++;
            }

            var digitsStart = e;
            while (e < s.Length && IsDigit(s[e]))
            {
                e++;
            }

            if (e > digitsStart)
            {
                isFloat = true;
                idx = e;
            }
        }

        next = idx;
        var text = Slice(s, start, idx);
        if (isFloat)
        {
            // Python's float() saturates to inf instead of failing.
            return JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        // Python ints are unbounded and normalised ("-0" is 0).
        return JsonNode.Parse(BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture))!;
    }

    private static void AppendCodePoint(StringBuilder sb, int cp)
    {
        if (cp <= 0xffff)
        {
            sb.Append((char)cp);
        }
        else
        {
            sb.Append(char.ConvertFromUtf32(cp));
        }
    }

    private static bool IsDigit(int c) => c is >= '0' and <= '9';

    private static string Slice(int[] s, int start, int end)
    {
        var sb = new StringBuilder(end - start);
        for (var k = start; k < end; k++)
        {
            AppendCodePoint(sb, s[k]);
        }

        return sb.ToString();
    }

    private static string ScanString(int[] s, int idx, out int next)
    {
        var begin = idx - 1;
        var sb = new StringBuilder();
        var end = idx;
        while (true)
        {
            // Copy the run up to the next quote or backslash.
            var k = end;
            while (k < s.Length && s[k] != '"' && s[k] != '\\')
            {
                if (s[k] < 0x20)
                {
                    throw Error("Invalid control character at", s, k);
                }

                AppendCodePoint(sb, s[k]);
                k++;
            }

            if (k >= s.Length)
            {
                throw Error("Unterminated string starting at", s, begin);
            }

            if (s[k] == '"')
            {
                next = k + 1;
                return sb.ToString();
            }

            // Backslash.
            k++;
            if (k >= s.Length)
            {
                throw Error("Unterminated string starting at", s, begin);
            }

            var c = s[k];
            if (c != 'u')
            {
                sb.Append(c switch
                {
                    '"' => '"',
                    '\\' => '\\',
                    '/' => '/',
                    'b' => '\b',
                    'f' => '\f',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    _ => throw Error("Invalid \\escape", s, k - 1),
                });
                end = k + 1;
                continue;
            }

            var uPos = k;
            var cp = ReadHex4(s, uPos);
            end = uPos + 5;
            if (cp is >= 0xd800 and <= 0xdbff && end + 6 < s.Length && s[end] == '\\' && s[end + 1] == 'u')
            {
                var low = ReadHex4(s, end + 1);
                if (low is >= 0xdc00 and <= 0xdfff)
                {
                    cp = 0x10000 + (((cp - 0xd800) << 10) | (low - 0xdc00));
                    end += 6;
                }
            }

            AppendCodePoint(sb, cp);
        }
    }

    // uPos is the index of 'u'; CPython reports a bad escape at that position.
    private static int ReadHex4(int[] s, int uPos)
    {
        if (uPos + 5 >= s.Length)
        {
            throw Error("Invalid \\uXXXX escape", s, uPos);
        }

        var v = 0;
        for (var k = 1; k <= 4; k++)
        {
            var c = s[uPos + k];
            int d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => -1,
            };
            if (d < 0)
            {
                throw Error("Invalid \\uXXXX escape", s, uPos);
            }

            v = (v << 4) | d;
        }

        return v;
    }

    private static JsonObject ParseObject(int[] s, int idx, int depth, out int next)
    {
        var obj = new JsonObject();
        idx = SkipWhitespace(s, idx);
        if (idx >= s.Length || s[idx] != '}')
        {
            while (true)
            {
                if (idx >= s.Length || s[idx] != '"')
                {
                    throw Error("Expecting property name enclosed in double quotes", s, idx);
                }

                var key = ScanString(s, idx + 1, out idx);
                idx = SkipWhitespace(s, idx);
                if (idx >= s.Length || s[idx] != ':')
                {
                    throw Error("Expecting ':' delimiter", s, idx);
                }

                idx = SkipWhitespace(s, idx + 1);
                var value = ScanOnce(s, idx, depth, out idx);

                // Python keeps the first position of a repeated key and the last value.
                obj[key] = value;
                idx = SkipWhitespace(s, idx);
                if (idx < s.Length && s[idx] == '}')
                {
                    break;
                }

                if (idx >= s.Length || s[idx] != ',')
                {
                    throw Error("Expecting ',' delimiter", s, idx);
                }

                idx = SkipWhitespace(s, idx + 1);
            }
        }

        next = idx + 1;
        return obj;
    }

    private static JsonArray ParseArray(int[] s, int idx, int depth, out int next)
    {
        var array = new JsonArray();
        idx = SkipWhitespace(s, idx);
        if (idx >= s.Length || s[idx] != ']')
        {
            while (true)
            {
                var value = ScanOnce(s, idx, depth, out idx);
                array.Add(value);
                idx = SkipWhitespace(s, idx);
                if (idx < s.Length && s[idx] == ']')
                {
                    break;
                }

                if (idx >= s.Length || s[idx] != ',')
                {
                    throw Error("Expecting ',' delimiter", s, idx);
                }

                idx = SkipWhitespace(s, idx + 1);
            }
        }

        next = idx + 1;
        return array;
    }

    private static PythonJsonException ExpectingValue(int[] s, int idx) => Error("Expecting value", s, idx);

    private static PythonJsonException Error(string reason, int[] s, int pos)
    {
        var line = 1;
        var lastNewline = -1;
        for (var k = 0; k < pos && k < s.Length; k++)
        {
            if (s[k] == '\n')
            {
                line++;
                lastNewline = k;
            }
        }

        return new PythonJsonException(reason, pos, line, pos - lastNewline);
    }
}
