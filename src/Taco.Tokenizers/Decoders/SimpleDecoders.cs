using System.Text;
using Taco.Tokenizers.Text;

namespace Taco.Tokenizers.Decoders;

internal sealed class MetaspaceDecoder(string replacement) : Decoder
{
    // The leading space is dropped only from the first token of the text.
    public override TokenPiece Middle(TokenPiece piece) =>
        piece.Bytes is null ? piece with { Text = piece.Text.Replace(replacement, " ", StringComparison.Ordinal) } : piece;

    public override List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; ++i)
        {
            var t = tokens[i].Replace(replacement, " ", StringComparison.Ordinal);
            if (i == 0 && t.StartsWith(' '))
            {
                t = t[1..];
            }

            result.Add(t);
        }
        return result;
    }
}

internal sealed class ReplaceDecoder(JsRegex pattern, string content) : Decoder
{
    public override TokenPiece Middle(TokenPiece piece) =>
        piece.Bytes is null ? piece with { Text = pattern.ReplaceAll(piece.Text, content) } : piece;

    public override List<string> DecodeChain(List<string> tokens) => tokens.Select(t => pattern.ReplaceAll(t, content)).ToList();
}

/// <summary>Runs of &lt;0xXX&gt; tokens become UTF-8 text (invalid bytes → U+FFFD, a leading BOM dropped as TextDecoder does).</summary>
internal sealed class ByteFallbackDecoder : Decoder
{
    public override TokenPiece Middle(TokenPiece piece) =>
        piece.Bytes is null && TryParseByte(piece.Text, out var b) ? piece with { Bytes = [b] } : piece;

    public override List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            if (TryParseByte(token, out var b))
            {
                bytes.Add(b);
                continue;
            }
            Flush(bytes, result);
            result.Add(token);
        }
        Flush(bytes, result);
        return result;
    }

    public static bool TryParseByte(string token, out byte value)
    {
        value = 0;
        return token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
            && byte.TryParse(token.AsSpan(3, 2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    private static void Flush(List<byte> bytes, List<string> result)
    {
        if (bytes.Count == 0)
        {
            return;
        }

        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        if (span.Length >= 3 && span[0] == 0xEF && span[1] == 0xBB && span[2] == 0xBF)
        {
            span = span[3..];
        }

        result.Add(Encoding.UTF8.GetString(span));
        bytes.Clear();
    }
}

internal sealed class FuseDecoder : Decoder
{
    public override TokenPiece Middle(TokenPiece piece) => piece with { Fused = true };

    public override List<string> DecodeChain(List<string> tokens) => [string.Concat(tokens)];
}

/// <summary>Removes up to start/stop copies of a one-character content from each token's ends.</summary>
internal sealed class StripDecoder(string content, int start, int stop) : Decoder
{
    // After Fuse there is one token for the whole text, whose ends are not this token's.
    public override TokenPiece Middle(TokenPiece piece) =>
        piece.Fused || piece.Bytes is not null ? piece : piece with { Text = DecodeChain([piece.Text])[0] };

    public override List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        foreach (var token in tokens)
        {
            var startCut = 0;
            for (var i = 0; i < start; ++i)
            {
                if (i < token.Length && content.Length == 1 && token[i] == content[0])
                {
                    startCut = i + 1;
                }
                else
                {
                    break;
                }
            }
            var stopCut = token.Length;
            for (var i = 0; i < stop; ++i)
            {
                var index = token.Length - i - 1;
                if (index >= 0 && content.Length == 1 && token[index] == content[0])
                {
                    stopCut = index;
                }
                else
                {
                    break;
                }
            }
            result.Add(startCut >= stopCut ? "" : token[startCut..stopCut]);
        }
        return result;
    }
}

internal sealed class WordPieceDecoder(string prefix, bool cleanup) : Decoder
{
    public override TokenPiece Middle(TokenPiece piece)
    {
        if (piece.Bytes is not null)
        {
            return piece;
        }

        var text = prefix.Length > 0 && piece.Text.StartsWith(prefix, StringComparison.Ordinal) ? piece.Text[prefix.Length..] : " " + piece.Text;
        return piece with { Text = cleanup ? CleanUp.Apply(text) : text };
    }

    public override List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; ++i)
        {
            var token = tokens[i];
            if (i != 0)
            {
                if (prefix.Length > 0 && token.StartsWith(prefix, StringComparison.Ordinal))
                {
                    token = token[prefix.Length..];
                }
                else
                {
                    token = " " + token;
                }
            }
            result.Add(cleanup ? CleanUp.Apply(token) : token);
        }
        return result;
    }
}

internal sealed class BpeSuffixDecoder(string suffix) : Decoder
{
    public override TokenPiece Middle(TokenPiece piece) =>
        piece.Bytes is null && suffix.Length > 0 ? piece with { Text = piece.Text.Replace(suffix, " ", StringComparison.Ordinal) } : piece;

    public override List<string> DecodeChain(List<string> tokens) =>
        tokens.Select((t, i) => suffix.Length == 0 ? t : t.Replace(suffix, i == tokens.Count - 1 ? "" : " ", StringComparison.Ordinal)).ToList();
}

internal sealed class SequenceDecoder(Decoder[] steps) : Decoder
{
    public override TokenPiece Middle(TokenPiece piece)
    {
        foreach (var step in steps)
        {
            piece = step.Middle(piece);
        }

        return piece;
    }

    public override List<string> DecodeChain(List<string> tokens)
    {
        foreach (var step in steps)
        {
            tokens = step.DecodeChain(tokens);
        }

        return tokens;
    }
}

/// <summary>The reference's clean_up_tokenization: removes spaces before punctuation and contractions.</summary>
internal static class CleanUp
{
    public static string Apply(string text)
    {
        if (!text.Contains(' ', StringComparison.Ordinal))
        {
            return text;
        }

        var sb = new StringBuilder(text);
        sb.Replace(" .", ".").Replace(" ?", "?").Replace(" !", "!").Replace(" ,", ",").Replace(" ' ", "'")
            .Replace(" n't", "n't").Replace(" 'm", "'m").Replace(" 's", "'s").Replace(" 've", "'ve").Replace(" 're", "'re");
        return sb.ToString();
    }
}
