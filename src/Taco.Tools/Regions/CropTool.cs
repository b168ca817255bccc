using Taco.Tools.Values;

namespace Taco.Tools.Regions;

/// <summary>
/// TACO's <c>Crop</c>: <c>{"image": "image-0", "bbox": [l, t, r, b]}</c> → <c>{'image': 'image-1: &lt;image&gt;'}</c>.
/// The box is outlined in yellow and cut out with half its size again as margin, so the model
/// sees the region and what surrounds it; the result is a new image of the conversation.
/// </summary>
public sealed class CropTool : ITool
{
    public const string Name = "Crop";

    internal const string BBoxDescription = "It should be a list of [left, top, right, bottom], where each value is a float between 0 and 1 to represent the percentage of the image width/height and how far it is from the top left corner at [0, 0]";

    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Crop an image with the bounding box. It labels the cropped region with a bounding box and crops the region with some margins around the bounding box to help with contextual understanding of the region.",
        [
            new ToolArgument("image", ToolArgumentType.Image, "the image to crop"),
            new ToolArgument("bbox", ToolArgumentType.BBox, "the bbox to crop. " + BBoxDescription),
        ],
        [new ToolReturn("image", "image", "the cropped image")],
        [new ToolExample("""{"image": "image-0", "bbox": [0.33, 0.21, 0.58, 0.46]}""")]);

    public ValueTask<ToolDict> InvokeAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        if (!context.CanAddImages)
        {
            throw ToolExecutionException.Value("this conversation cannot take new images");
        }

        var image = context.GetPixels(arguments.GetImage("image"));
        var cropped = RegionCropper.Crop(image, arguments.GetBBox("bbox"));
        var created = context.AddImage(cropped);
        return ValueTask.FromResult(ToolDict.Empty.With("image", new ToolImage(created)));
    }
}
