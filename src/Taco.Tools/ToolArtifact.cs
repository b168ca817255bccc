using Taco.Imaging;

namespace Taco.Tools;

/// <summary>
/// A picture a tool derived from one of the conversation's images (a depth map) for people to look at: kept in a
/// trace or a file, never shown to the model. It is rendered only when someone keeps it.
/// </summary>
public sealed class ToolArtifact
{
    private readonly Func<RgbImage> _render;

    public ToolArtifact(string kind, ImageRef image, Func<RgbImage> render)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(render);
        Kind = kind;
        Image = image;
        _render = render;
    }

    /// <summary>What the picture shows, in letters, digits and '-' (<c>depth</c>): a trace keeps it as <c>images/depth-image-N.png</c>.</summary>
    public string Kind { get; }

    /// <summary>The conversation's image the picture was derived from.</summary>
    public ImageRef Image { get; }

    public RgbImage Render() => _render();
}
