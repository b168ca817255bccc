using System.Collections.Concurrent;
using System.Collections.Immutable;
using Taco.Imaging;

namespace Taco.Tools;

/// <summary>What a running tool may use from the conversation: its images, and a place for the images it makes.</summary>
public sealed class ToolContext
{
    private readonly ConcurrentQueue<ToolArtifact> _artifacts = new();

    public ToolContext(IToolImages? images = null) => Images = images;

    public static ToolContext Empty { get; } = new();

    public IToolImages? Images { get; }

    /// <summary>Number of images a model may name (<c>image-0 … image-(n-1)</c>).</summary>
    public int ImageCount => Images?.Count ?? 0;

    /// <summary>The conversation's images can take new ones (the agent's store and <c>taco tools run</c> can).</summary>
    public bool CanAddImages => Images is IImageSink;

    /// <summary>Adds a picture a tool made; it becomes the next <c>image-n</c> of the conversation.</summary>
    public ImageRef AddImage(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Images is IImageSink sink
            ? sink.Add(image)
            : throw ToolExecutionException.Value("this conversation cannot take new images");
    }

    /// <summary>Keeps a picture the running tool derived for people; it reaches the call's <see cref="ToolOutcome.Artifacts"/>.</summary>
    public void AddArtifact(ToolArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        _artifacts.Enqueue(artifact);
    }

    /// <summary>The artifacts added since the last call, taken out of the context.</summary>
    internal ImmutableArray<ToolArtifact> TakeArtifacts()
    {
        var taken = ImmutableArray.CreateBuilder<ToolArtifact>();
        while (_artifacts.TryDequeue(out var artifact))
        {
            taken.Add(artifact);
        }

        return taken.ToImmutable();
    }

    /// <summary>The pixels of an image argument; a context without images is a failure the model can read.</summary>
    public RgbImage GetPixels(ImageRef image) =>
        (Images ?? throw ToolExecutionException.Value("there are no images in this conversation")).GetPixels(image);
}
