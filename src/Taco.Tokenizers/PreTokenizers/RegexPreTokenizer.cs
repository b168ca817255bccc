using Taco.Tokenizers.Text;

namespace Taco.Tokenizers.PreTokenizers;

/// <summary>Pre-tokenizers the reference defines as "keep every match of a fixed regex".</summary>
internal sealed class RegexPreTokenizer(JsRegex pattern) : PreTokenizer
{
    private const string Punct = @"\p{P}\u0021-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E";
    private const string JsSpace = @"\t\n\v\f\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF";

    public static readonly JsRegex Punctuation = new($"[^{Punct}]+|[{Punct}]+");

    // No "u" flag in the reference: \w is ASCII and \s is JavaScript's whitespace set.
    public static readonly JsRegex Whitespace = new($"[A-Za-z0-9_]+|[^A-Za-z0-9_{JsSpace}]+");

    public static readonly JsRegex WhitespaceSplit = new($"[^{JsSpace}]+");

    public override void PreTokenize(string text, int sectionIndex, List<string> output)
    {
        var matches = new List<(int Start, int Length)>();
        pattern.Matches(text, matches);
        foreach (var (start, length) in matches)
        {
            output.Add(text.Substring(start, length));
        }
    }
}
