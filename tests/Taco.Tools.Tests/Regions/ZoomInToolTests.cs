using System.Text.Json;
using Taco.Agent.Images;
using Taco.Imaging;
using Taco.Tools.Regions;

namespace Taco.Tools.Tests.Regions;

/// <summary>TACO's ZoomIn: the factor check, Crop then ×factor, and the output cap.</summary>
public sealed class ZoomInToolTests
{
    private static async Task<(ToolOutcome Outcome, ImageStore Store)> Run(RgbImage image, string argumentsJson, ZoomInTool? tool = null)
    {
        var store = new ImageStore([image]);
        using var doc = JsonDocument.Parse(argumentsJson);
        var outcome = await new ToolRegistry().Add(tool ?? new ZoomInTool()).InvokeAsync(ZoomInTool.Name, doc.RootElement, new ToolContext(store));
        return (outcome, store);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("1.0")]
    [InlineData("0.5")]
    [InlineData("-3")]
    [InlineData("\"1\"")]
    public async Task A_factor_of_one_or_less_fails_with_the_reference_text(string factor)
    {
        var (outcome, store) = await Run(RegionImages.Coordinates(20, 20), $$"""{"image": "image-0", "bbox": [0.1, 0.1, 0.5, 0.5], "zoom_factor": {{factor}}}""");

        Assert.Equal("Execution failed with <class 'ValueError'>: Zoom factor must be greater than 1 to zoom in.", outcome.ObservationBody);
        Assert.Equal(1, store.Count);
    }

    [Theory]
    [InlineData("""[0.1, 0.1, 1.5, 0.5]""", "Bounding box coordinates must be between 0 and 1.")]
    [InlineData("""["NaN", 0.1, 0.5, 0.5]""", "Bounding box coordinates must be between 0 and 1.")]
    [InlineData("""[0.5, 0.5, 0.1, 0.1]""", "Bounding box must have left < right and top < bottom.")]
    public async Task Bad_boxes_fail_like_crop(string bbox, string message)
    {
        var (outcome, _) = await Run(RegionImages.Coordinates(20, 20), $$"""{"image": "image-0", "bbox": {{bbox}}, "zoom_factor": 2}""");

        Assert.Equal("Execution failed with <class 'ValueError'>: " + message, outcome.ObservationBody);
    }

    [Fact]
    public async Task Zoom_enlarges_the_crop_by_the_factor_truncating_like_int()
    {
        // Crop of [0.2, 0.25, 0.6, 0.75] on 100×80 is 60×60; × 2.5 = 150×150. A 41×33 crop × 1.5 = int(61.5)×int(49.5) = 61×49.
        var (outcome, store) = await Run(RegionImages.Coordinates(100, 80), """{"image": "image-0", "bbox": [0.2, 0.25, 0.6, 0.75], "zoom_factor": 2.5}""");
        Assert.True(outcome.Succeeded, outcome.ObservationBody);
        Assert.Equal("{'image': 'image-1: <image>'}", outcome.ObservationBody);
        var zoomed = store.GetPixels(new ImageRef(1));
        Assert.Equal((150, 150), (zoomed.Width, zoomed.Height));

        Assert.Equal((61, 49), RegionGeometry.ZoomedSize(41, 33, 1.5, 2048));
    }

    [Fact]
    public async Task Zoomed_pixels_come_from_the_cropped_region()
    {
        var (outcome, store) = await Run(RegionImages.Coordinates(100, 80), """{"image": "image-0", "bbox": [0.2, 0.25, 0.6, 0.75], "zoom_factor": 2}""");
        Assert.True(outcome.Succeeded, outcome.ObservationBody);
        var zoomed = store.GetPixels(new ImageRef(1));

        // The crop covers x, y 10–69; ×2 maps output (60, 60) near source (40, 40), (120, 120) near (70, 70)'s edge.
        var (r, g, _) = RegionImages.At(zoomed, 60, 60);
        Assert.InRange(r, 38, 42);
        Assert.InRange(g, 38, 42);
        var (r2, g2, _) = RegionImages.At(zoomed, 4, 4);
        Assert.InRange(r2, 9, 13);
        Assert.InRange(g2, 9, 13);
    }

    [Fact]
    public async Task Output_is_capped_at_the_longest_side_keeping_the_aspect_ratio()
    {
        // Crop 60×60 × 100 would be 6000×6000: capped at 2048×2048.
        var (outcome, store) = await Run(RegionImages.Coordinates(100, 80), """{"image": "image-0", "bbox": [0.2, 0.25, 0.6, 0.75], "zoom_factor": 100}""");
        Assert.True(outcome.Succeeded, outcome.ObservationBody);
        var zoomed = store.GetPixels(new ImageRef(1));
        Assert.Equal((2048, 2048), (zoomed.Width, zoomed.Height));

        // A wide crop keeps its shape: 120×30 × 1e6 → 2048×512; a small cap applies the same way.
        Assert.Equal((2048, 512), RegionGeometry.ZoomedSize(120, 30, 1e6, 2048));
        var small = await Run(RegionImages.Coordinates(100, 80), """{"image": "image-0", "bbox": [0, 0, 1, 0.5], "zoom_factor": 3}""", new ZoomInTool(maxSide: 150));
        var capped = small.Store.GetPixels(new ImageRef(1));
        Assert.Equal((150, 75), (capped.Width, capped.Height)); // crop 100×50 → 300×150 → 150×75
    }

    [Fact]
    public void A_crop_larger_than_the_cap_is_never_shrunk_by_a_zoom()
    {
        Assert.Equal((3000, 1000), RegionGeometry.ZoomedSize(3000, 1000, 2, 2048));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegionGeometry.ZoomedSize(10, 10, 1, 2048));
        Assert.Throws<ArgumentOutOfRangeException>(() => RegionGeometry.ZoomedSize(10, 10, double.NaN, 2048));
    }

    [Fact]
    public async Task Zooming_a_zoom_names_the_images_in_order()
    {
        var store = new ImageStore([RegionImages.Coordinates(40, 40)]);
        var registry = new ToolRegistry().Add(new ZoomInTool()).Add(new CropTool());
        var context = new ToolContext(store);
        var first = await registry.InvokeAsync(ZoomInTool.Name, new Dictionary<string, string> { ["image"] = "image-0", ["bbox"] = "[0.25, 0.25, 0.75, 0.75]", ["zoom_factor"] = "2" }, context);
        var second = await registry.InvokeAsync(CropTool.Name, new Dictionary<string, string> { ["image"] = "image-1", ["bbox"] = "[0, 0, 0.5, 0.5]" }, context);

        Assert.Equal("{'image': 'image-1: <image>'}", first.ObservationBody);
        Assert.Equal("{'image': 'image-2: <image>'}", second.ObservationBody);
        Assert.Equal(3, store.Count);
    }
}
