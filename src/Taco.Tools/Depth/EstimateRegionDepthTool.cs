using System.Runtime.CompilerServices;
using Taco.Imaging;
using Taco.Tools.Values;

namespace Taco.Tools.Depth;

/// <summary>
/// TACO's <c>EstimateRegionDepth</c>: <c>{"image": "image-0", "bbox": [l, t, r, b]}</c> →
/// <c>{'depth': 0.32}</c>, the mean of <c>max − d</c> over the box (smaller = closer). The model
/// is loaded on first use and each image's map is computed once, so asking about several
/// regions of one picture runs the network once; a newly computed map comes back as a
/// <see cref="ToolArtifact"/> of the call (<see cref="ToolOutcome.Artifacts"/>).
/// </summary>
public sealed class EstimateRegionDepthTool : ITool
{
    public const string Name = "EstimateRegionDepth";

    private readonly Lazy<DepthEstimator> _estimator;
    private readonly ConditionalWeakTable<RgbImage, DepthMap> _maps = [];

    public EstimateRegionDepthTool(DepthEstimator estimator)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        _estimator = new Lazy<DepthEstimator>(estimator);
    }

    /// <summary>Loads the model only when a region is first asked about (a run that never needs depth never pays for it).</summary>
    public EstimateRegionDepthTool(Func<DepthEstimator> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        _estimator = new Lazy<DepthEstimator>(load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The <see cref="ToolArtifact.Kind"/> of the colour picture of a newly computed map (a trace keeps it as <c>images/depth-image-N.png</c>).</summary>
    public const string MapArtifact = "depth";

    public static ToolDescriptor DescriptorValue { get; } = new(
        Name,
        "Estimate the depth of a region in an image using DepthAnything model. It returns an estimated depth value of the region specified by the input bounding box. The smaller the value is, the closer the region is to the camera, and the larger the farther. This tool may help you to better reason about the spatial relationship, like which object is closer to the camera.",
        [
            new ToolArgument("image", ToolArgumentType.Image, "the image to get the depth from"),
            new ToolArgument("bbox", ToolArgumentType.BBox, "the bbox of the region to get the depth from. It should be a list of [left, top, right, bottom], where each value is a float between 0 and 1 to represent the percentage of the image width/height and how far it is from the top left corner at [0, 0]"),
        ],
        [new ToolReturn("depth", "number", "the estimated depth of the region")],
        [new ToolExample("""{"image": "image-0", "bbox": [0.3, 0.2, 0.5, 0.4]}""")]);

    public ToolDescriptor Descriptor => DescriptorValue;

    public ValueTask<ToolDict> InvokeAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var image = arguments.GetImage("image");
        var pixels = context.GetPixels(image);
        if (!_maps.TryGetValue(pixels, out var map))
        {
            map = _estimator.Value.Estimate(pixels, cancellationToken);
            _maps.AddOrUpdate(pixels, map);
            context.AddArtifact(new ToolArtifact(MapArtifact, image, map.ToColorImage));
        }

        return ValueTask.FromResult(ToolDict.Empty.With("depth", new ToolFloat(map.RegionDepth(arguments.GetBBox("bbox")))));
    }
}
