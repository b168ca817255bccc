using System.Text;
using System.Text.RegularExpressions;

namespace Taco.Tokenizers.ChatTemplates.Jinja;

internal enum TokenKind
{
    Text,
    Number,
    String,
    Identifier,
    Equals,
    OpenParen,
    CloseParen,
    OpenStatement,
    CloseStatement,
    OpenExpression,
    CloseExpression,
    OpenSquare,
    CloseSquare,
    OpenCurly,
    CloseCurly,
    Comma,
    Dot,
    Colon,
    Pipe,
    Additive,
    Multiplicative,
    Power,
    Comparison,
    Unary,
    Comment,
}

internal readonly record struct Token(string Value, TokenKind Kind);

/// <summary>
/// Tokenizes a template the way transformers' chat templating does it (trim_blocks and lstrip_blocks
/// on, one trailing newline dropped, {% generation %} markers removed), as the reference implements it.
/// </summary>
internal static partial class Lexer
{
    private static readonly (string Text, TokenKind Kind)[] Symbols =
    [
        ("{%", TokenKind.OpenStatement), ("%}", TokenKind.CloseStatement), ("{{", TokenKind.OpenExpression), ("}}", TokenKind.CloseExpression),
        ("(", TokenKind.OpenParen), (")", TokenKind.CloseParen), ("{", TokenKind.OpenCurly), ("}", TokenKind.CloseCurly),
        ("[", TokenKind.OpenSquare), ("]", TokenKind.CloseSquare), (",", TokenKind.Comma), (".", TokenKind.Dot), (":", TokenKind.Colon),
        ("|", TokenKind.Pipe), ("<=", TokenKind.Comparison), (">=", TokenKind.Comparison), ("==", TokenKind.Comparison),
        ("!=", TokenKind.Comparison), ("<", TokenKind.Comparison), (">", TokenKind.Comparison), ("+", TokenKind.Additive),
        ("-", TokenKind.Additive), ("~", TokenKind.Additive), ("**", TokenKind.Power), ("*", TokenKind.Multiplicative),
        ("//", TokenKind.Multiplicative), ("/", TokenKind.Multiplicative), ("%", TokenKind.Multiplicative), ("=", TokenKind.Equals),
    ];

    [GeneratedRegex(@"(?:(?<![\s\S])|(?<=[\n\r\u2028\u2029]))[ \t]*(\{[#%-])")]
    private static partial Regex LStripBlocks();

    [GeneratedRegex(@"([#%-]\})\n")]
    private static partial Regex TrimBlocks();

    [GeneratedRegex(@"(\s*)\{%(-?)\s*(?:end)?generation\s*(-?)%\}(\s*)", RegexOptions.Singleline)]
    private static partial Regex GenerationTags();

    public static string Preprocess(string template)
    {
        if (template.EndsWith('\n'))
        {
            template = template[..^1];
        }

        template = LStripBlocks().Replace(template, "$1");
        template = TrimBlocks().Replace(template, "$1");
        return GenerationTags().Replace(template, m => (m.Groups[2].Length > 0 ? "" : m.Groups[1].Value) + (m.Groups[3].Length > 0 ? "" : m.Groups[4].Value));
    }

    private static bool IsWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    public static List<Token> Tokenize(string source)
    {
        var src = Preprocess(source);
        var tokens = new List<Token>();
        var pos = 0;
        var curlyDepth = 0;
        char At(int i) => i < src.Length ? src[i] : '\0';
        bool StartsAt(string s) => string.CompareOrdinal(src, pos, s, 0, s.Length) == 0 && pos + s.Length <= src.Length;

        string ConsumeWhile(Func<char, bool> predicate)
        {
            var sb = new StringBuilder();
            while (pos < src.Length && predicate(src[pos]))
            {
                if (src[pos] == '\\')
                {
                    ++pos;
                    if (pos >= src.Length)
                    {
                        throw new ChatTemplateException("Unexpected end of input");
                    }

                    var escaped = src[pos++];
                    if (escaped is 'x' or 'u')
                    {
                        var length = escaped == 'x' ? 2 : 4;
                        var hex = pos + length <= src.Length ? src.Substring(pos, length) : "";
                        if (hex.Length != length || !hex.All(char.IsAsciiHexDigit))
                        {
                            throw new ChatTemplateException($"Invalid hexadecimal escape sequence: \\{escaped}{hex}");
                        }

                        sb.Append((char)Convert.ToInt32(hex, 16));
                        pos += length;
                        continue;
                    }
                    sb.Append(escaped switch
                    {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        'b' => '\b',
                        'f' => '\f',
                        'v' => '\v',
                        '\'' => '\'',
                        '"' => '"',
                        '\\' => '\\',
                        _ => throw new ChatTemplateException($"Unexpected escaped character: {escaped}"),
                    });
                    continue;
                }
                sb.Append(src[pos++]);
                if (pos >= src.Length)
                {
                    throw new ChatTemplateException("Unexpected end of input");
                }
            }
            return sb.ToString();
        }

        void StripTrailingWhitespace()
        {
            if (tokens.Count > 0 && tokens[^1].Kind == TokenKind.Text)
            {
                var trimmed = Text.JsText.TrimEnd(tokens[^1].Value);
                if (trimmed.Length == 0)
                {
                    tokens.RemoveAt(tokens.Count - 1);
                }
                else
                {
                    tokens[^1] = new Token(trimmed, TokenKind.Text);
                }
            }
        }

        void SkipLeadingWhitespace()
        {
            while (pos < src.Length && Text.JsText.IsWhiteSpace(src[pos]))
            {
                ++pos;
            }
        }

        while (pos < src.Length)
        {
            var last = tokens.Count > 0 ? tokens[^1].Kind : (TokenKind?)null;
            if (last is null or TokenKind.CloseStatement or TokenKind.CloseExpression or TokenKind.Comment)
            {
                var start = pos;
                while (pos < src.Length && !(src[pos] == '{' && At(pos + 1) is '%' or '{' or '#'))
                {
                    ++pos;
                }

                if (pos > start)
                {
                    tokens.Add(new Token(src[start..pos], TokenKind.Text));
                    continue;
                }
            }
            if (src[pos] == '{' && At(pos + 1) == '#')
            {
                pos += 2;
                var stripBefore = At(pos) == '-';
                if (stripBefore)
                {
                    ++pos;
                }

                var start = pos;
                while (At(pos) != '#' || At(pos + 1) != '}')
                {
                    if (pos + 2 >= src.Length)
                    {
                        throw new ChatTemplateException("Missing end of comment tag");
                    }

                    ++pos;
                }
                var comment = src[start..pos];
                var stripAfter = comment.EndsWith('-');
                if (stripAfter)
                {
                    comment = comment[..^1];
                }

                if (stripBefore)
                {
                    StripTrailingWhitespace();
                }

                tokens.Add(new Token(comment, TokenKind.Comment));
                pos += 2;
                if (stripAfter)
                {
                    SkipLeadingWhitespace();
                }

                continue;
            }
            if (StartsAt("{%-"))
            {
                StripTrailingWhitespace();
                tokens.Add(new Token("{%", TokenKind.OpenStatement));
                pos += 3;
                continue;
            }
            if (StartsAt("{{-"))
            {
                StripTrailingWhitespace();
                tokens.Add(new Token("{{", TokenKind.OpenExpression));
                curlyDepth = 0;
                pos += 3;
                continue;
            }
            ConsumeWhile(Text.JsText.IsWhiteSpace);
            if (pos >= src.Length)
            {
                break;
            }

            if (StartsAt("-%}"))
            {
                tokens.Add(new Token("%}", TokenKind.CloseStatement));
                pos += 3;
                SkipLeadingWhitespace();
                continue;
            }
            if (StartsAt("-}}"))
            {
                tokens.Add(new Token("}}", TokenKind.CloseExpression));
                pos += 3;
                SkipLeadingWhitespace();
                continue;
            }
            var ch = src[pos];
            if (ch is '-' or '+')
            {
                var lastKind = tokens.Count > 0 ? tokens[^1].Kind : (TokenKind?)null;
                if (lastKind is null or TokenKind.Text)
                {
                    throw new ChatTemplateException($"Unexpected character: {ch}");
                }

                if (lastKind is not (TokenKind.Identifier or TokenKind.Number or TokenKind.String or TokenKind.CloseParen or TokenKind.CloseSquare))
                {
                    ++pos;
                    var num = ConsumeWhile(char.IsAsciiDigit);
                    if (num.Length > 0 && At(pos) == '.' && char.IsAsciiDigit(At(pos + 1)))
                    {
                        ++pos;
                        num = $"{num}.{ConsumeWhile(char.IsAsciiDigit)}";
                    }
                    tokens.Add(new Token($"{ch}{num}", num.Length > 0 ? TokenKind.Number : TokenKind.Unary));
                    continue;
                }
            }
            var matched = false;
            foreach (var (text, kind) in Symbols)
            {
                if (text == "}}" && curlyDepth > 0)
                {
                    continue;
                }

                if (!StartsAt(text))
                {
                    continue;
                }

                tokens.Add(new Token(text, kind));
                if (kind == TokenKind.OpenExpression)
                {
                    curlyDepth = 0;
                }
                else if (kind == TokenKind.OpenCurly)
                {
                    ++curlyDepth;
                }
                else if (kind == TokenKind.CloseCurly)
                {
                    --curlyDepth;
                }

                pos += text.Length;
                matched = true;
                break;
            }
            if (matched)
            {
                continue;
            }

            if (ch is '\'' or '"')
            {
                ++pos;
                var s = ConsumeWhile(c => c != ch);
                tokens.Add(new Token(s, TokenKind.String));
                ++pos;
                continue;
            }
            if (char.IsAsciiDigit(ch))
            {
                var num = ConsumeWhile(char.IsAsciiDigit);
                if ((tokens.Count == 0 || tokens[^1].Kind != TokenKind.Dot) && At(pos) == '.' && char.IsAsciiDigit(At(pos + 1)))
                {
                    ++pos;
                    num = $"{num}.{ConsumeWhile(char.IsAsciiDigit)}";
                }
                tokens.Add(new Token(num, TokenKind.Number));
                continue;
            }
            if (IsWord(ch))
            {
                tokens.Add(new Token(ConsumeWhile(IsWord), TokenKind.Identifier));
                continue;
            }
            throw new ChatTemplateException($"Unexpected character: {ch}");
        }
        return tokens;
    }
}
