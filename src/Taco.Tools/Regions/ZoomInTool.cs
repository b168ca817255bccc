using Taco.Tools.Values;

namespace Taco.Tools.Regions;

/// <summary>
/// TACO's <c>ZoomIn</c>: Crop, then enlarge by <c>zoom_factor</c> (&gt; 1) with a Lanczos filter.
/// The enlarged side is capped (<see cref="MaxSide"/>) so a large factor cannot exhaust memory
/// or flood the vision encoder.
/// </summary>
public sealed class ZoomInTool : ITool
{
    public const string Name = "ZoomIn";

    /// <summary>The reference's wording when the factor is 1 or less.</summary>
    public const string FactorMessage = "Zoom factor must be greater than 1 to zoom in";

    public const int DefaultMaxSide = 2048;

    public ZoomInTool(int maxSide = DefaultMaxSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSide);
        MaxSide = maxSide;
    }

    /// <summary>Longest side of a zoomed image, in pixels (a crop already larger keeps its size).</summary>
    public int MaxSide { get; }

    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Zoom in on a region of the input image. This tool first crops the specified region from the image with the bounding box and then resizes the cropped region to create the zoom effect. It also adds some margins around the cropped region to help with contextual understanding of the region.",
        [
            new ToolArgument("image", ToolArgumentType.Image, "the image to zoom in on"),
            new ToolArgument("bbox", ToolArgumentType.BBox, "The bbox should be a list of [left, top, right, bottom], where each value is a float between 0 and 1 to represent the percentage of the image width/height and how far it is from the top left corner at [0, 0]"),
            new ToolArgument("zoom_factor", ToolArgumentType.Number, "the factor to zoom in by. It should be greater than 1")
            {
                Minimum = 1,
                ExclusiveMinimum = true,
                RangeMessage = FactorMessage,
            },
        ],
        [new ToolReturn("image", "image", "the zoomed in image")],
        [new ToolExample("""{"image": "image-0", "bbox": [0.4, 0.3, 0.5, 0.4], "zoom_factor": 2}""")]);

    public ValueTask<ToolDict> InvokeAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var factor = arguments.GetNumber("zoom_factor");
        if (!(factor > 1))
        {
            throw ToolExecutionException.Value(FactorMessage);
        }

        if (!context.CanAddImages)
        {
            throw ToolExecutionException.Value("this conversation cannot take new images");
        }

        var image = context.GetPixels(arguments.GetImage("image"));
        var cropped = RegionCropper.Crop(image, arguments.GetBBox("bbox"));
        cancellationToken.ThrowIfCancellationRequested();
        var (width, height) = RegionGeometry.ZoomedSize(cropped.Width, cropped.Height, factor, MaxSide);
        var zoomed = cropped.ResizeHighQuality(width, height);
        var created = context.AddImage(zoomed);
        return ValueTask.FromResult(ToolDict.Empty.With("image", new ToolImage(created)));
    }
}
