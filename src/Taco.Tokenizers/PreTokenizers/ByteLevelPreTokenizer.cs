using System.Text;
using Taco.Tokenizers.Text;

namespace Taco.Tokenizers.PreTokenizers;

/// <summary>Maps each piece's UTF-8 bytes to GPT-2's printable alphabet, optionally splitting with GPT-2's regex first.</summary>
internal sealed class ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : PreTokenizer
{
    // The reference writes this one as a JavaScript literal, so \s is JavaScript's whitespace (U+FEFF in, U+0085 out).
    private const string Space = @"\t\n\v\f\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF";

    // Compiled on first use: most byte-level tokenizers split with their own regex and never need it.
    private static readonly Lazy<JsRegex> Gpt2 = new(() => new($@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{{L}}+| ?\p{{N}}+| ?[^{Space}\p{{L}}\p{{N}}]+|[{Space}]+(?![^{Space}])|[{Space}]+"));

    public bool MapsOnly => !addPrefixSpace && !useRegex;

    public override bool TryFuseByteLevel(out JsRegex? splitter)
    {
        splitter = useRegex ? Gpt2.Value : null;
        return !addPrefixSpace;
    }

    public override void PreTokenize(string text, int sectionIndex, List<string> output)
    {
        if (addPrefixSpace && !text.StartsWith(' '))
        {
            text = " " + text;
        }

        if (!useRegex)
        {
            output.Add(Map(text));
            return;
        }
        var matches = new List<(int Start, int Length)>();
        Gpt2.Value.Matches(text, matches);
        foreach (var (start, length) in matches)
        {
            output.Add(Map(text.Substring(start, length)));
        }
    }

    public static string Map(string piece)
    {
        // ASCII maps one byte to one char; anything else goes through UTF-8 (lone surrogates become U+FFFD's bytes, as TextEncoder does).
        var ascii = true;
        foreach (var ch in piece)
        {
            if (ch >= 0x80)
            {
                ascii = false;
                break;
            }
        }
        var table = ByteLevelAlphabet.ByteToChar;
        if (ascii)
        {
            return string.Create(piece.Length, piece, static (span, p) =>
            {
                var t = ByteLevelAlphabet.ByteToChar;
                for (var i = 0; i < p.Length; ++i)
                {
                    span[i] = t[p[i]];
                }
            });
        }
        var bytes = Encoding.UTF8.GetBytes(piece);
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; ++i)
        {
            chars[i] = table[bytes[i]];
        }

        return new string(chars);
    }
}
