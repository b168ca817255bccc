namespace Taco.Tools;

/// <summary>What a running tool may use from the conversation: its images.</summary>
public sealed class ToolContext
{
    public ToolContext(IToolImages? images = null) => Images = images;

    public static ToolContext Empty { get; } = new();

    public IToolImages? Images { get; }

    /// <summary>Number of images a model may name (<c>image-0 … image-(n-1)</c>).</summary>
    public int ImageCount => Images?.Count ?? 0;
}
