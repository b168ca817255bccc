namespace Taco.Tokenizers.AddedTokens;

/// <summary>An entry of tokenizer.json's "added_tokens": matched in raw text before any other stage.</summary>
public sealed record AddedToken(int Id, string Content, bool Special, bool LStrip, bool RStrip, bool Normalized, bool SingleWord);
