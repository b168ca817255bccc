using Taco.Tokenizers.Json;
using Taco.Tokenizers.Text;

namespace Taco.Tokenizers.Decoders;

/// <summary>The "decoder" stage: a chain of transformations over token strings, joined at the end.</summary>
internal abstract class Decoder
{
    public abstract List<string> DecodeChain(List<string> tokens);

    /// <summary>
    /// One token's share of the decoded text when other tokens come before and after it: the chain applied
    /// to that token alone, without the steps that only touch the start or end of the whole text.
    /// </summary>
    public virtual TokenPiece Middle(TokenPiece piece) => piece;

    public static Decoder? Create(JsonConfig? config, Func<string, bool> isAddedToken)
    {
        if (config is not { } c || c.IsNull)
        {
            return null;
        }

        return c.Type switch
        {
            "ByteLevel" => new ByteLevelDecoder(isAddedToken),
            "Metaspace" => new MetaspaceDecoder(c.String("replacement") ?? "\u2581"),
            "Replace" => new ReplaceDecoder(JsRegex.FromConfig(c.Required("pattern")), c.String("content") ?? ""),
            "ByteFallback" => new ByteFallbackDecoder(),
            "Fuse" => new FuseDecoder(),
            "Strip" => new StripDecoder(c.String("content") ?? "", c.Int("start", 0), c.Int("stop", 0)),
            "WordPiece" => new WordPieceDecoder(c.String("prefix") ?? "##", c.Bool("cleanup", false)),
            "BPEDecoder" => new BpeSuffixDecoder(c.String("suffix") ?? ""),
            "Sequence" => new SequenceDecoder(c.Items("decoders").Select(d => Create(d, isAddedToken)).OfType<Decoder>().ToArray()),
            _ => throw c.Unsupported("decoder"),
        };
    }
}

/// <summary>A token on its way through <see cref="Decoder.Middle"/>: text, or raw bytes once a step produced them.</summary>
internal readonly record struct TokenPiece(string Text, byte[]? Bytes, bool Fused)
{
    public byte[] ToBytes() => Bytes ?? System.Text.Encoding.UTF8.GetBytes(Text);
}
