using System.Text;
using Taco.Tokenizers.Text;

namespace Taco.Tokenizers.Decoders;

/// <summary>Maps GPT-2 alphabet characters back to bytes and decodes UTF-8; added tokens pass through verbatim.</summary>
internal sealed class ByteLevelDecoder(Func<string, bool> isAddedToken) : Decoder
{
    public override List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>();
        var bytes = new List<byte>();
        foreach (var token in tokens)
        {
            if (isAddedToken(token))
            {
                if (bytes.Count > 0)
                {
                    result.Add(DecodeUtf8(bytes));
                    bytes.Clear();
                }
                result.Add(token);
                continue;
            }
            AppendBytes(token, bytes);
        }
        if (bytes.Count > 0)
        {
            result.Add(DecodeUtf8(bytes));
        }

        return result;
    }

    public override TokenPiece Middle(TokenPiece piece)
    {
        if (piece.Bytes is not null || isAddedToken(piece.Text))
        {
            return piece;
        }

        var bytes = new List<byte>(piece.Text.Length);
        AppendBytes(piece.Text, bytes);
        return piece with { Bytes = [.. bytes] };
    }

    public static void AppendBytes(string token, List<byte> bytes)
    {
        for (var i = 0; i < token.Length; ++i)
        {
            var c = token[i];
            // Characters outside the alphabet become byte 0, as the reference's Uint8Array conversion of undefined does.
            var b = c < ByteLevelAlphabet.CharToByte.Length ? ByteLevelAlphabet.CharToByte[c] : (short)-1;
            bytes.Add(b < 0 ? (byte)0 : (byte)b);
            if (char.IsHighSurrogate(c) && i + 1 < token.Length && char.IsLowSurrogate(token[i + 1]))
            {
                ++i;
            }
        }
    }

    public static string DecodeUtf8(List<byte> bytes) => Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes));
}
