namespace Taco.Tokenizers.Text;

/// <summary>
/// String operations with JavaScript's semantics, because the reference tokenizer is written
/// in JavaScript and its trim/whitespace/lowercase definitions differ from .NET's.
/// </summary>
internal static class JsText
{
    /// <summary>ECMAScript WhiteSpace + LineTerminator (what trim() and /\s/ use): includes U+FEFF, excludes U+0085.</summary>
    public static bool IsWhiteSpace(char c) => c switch
    {
        '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\u00A0' or '\u1680' or '\u2028' or '\u2029'
            or '\u202F' or '\u205F' or '\u3000' or '\uFEFF' => true,
        >= '\u2000' and <= '\u200A' => true,
        _ => false,
    };

    public static string Trim(string s) => TrimEnd(TrimStart(s));

    public static string TrimStart(string s)
    {
        var i = 0;
        while (i < s.Length && IsWhiteSpace(s[i]))
        {
            ++i;
        }

        return i == 0 ? s : s[i..];
    }

    public static string TrimEnd(string s)
    {
        var i = s.Length;
        while (i > 0 && IsWhiteSpace(s[i - 1]))
        {
            --i;
        }

        return i == s.Length ? s : s[..i];
    }

    /// <summary>Full lowercase mapping as String.prototype.toLowerCase does it (İ becomes two units).</summary>
    public static string ToLower(string s)
    {
        if (s.Contains('\u0130', StringComparison.Ordinal))
        {
            s = s.Replace("\u0130", "i\u0307", StringComparison.Ordinal);
        }

        return s.ToLowerInvariant();
    }
}
