namespace Taco.Tokenizers.ChatTemplates;

/// <summary>One part of a multimodal message: {"type": "text", "text": …} or {"type": "image"}.</summary>
public sealed record ChatContentPart(string Type, string? Text = null)
{
    public static ChatContentPart Image() => new("image");

    public static ChatContentPart FromText(string text) => new("text", text);
}
