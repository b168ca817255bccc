using System.Text.Json;
using Taco.Agent.Images;
using Taco.Tools.Depth;
using Taco.Tools.Values;

namespace Taco.Tools.Tests.Depth;

/// <summary>The EstimateRegionDepth action as a model calls it: result shape, errors, one network run per image.</summary>
public sealed class EstimateRegionDepthToolTests
{
    private static ImageStore SceneStore() =>
        new([DepthGoldens.Image(DepthGoldens.Case("tiny-depth-trained", "depth_scene"))]);

    [Fact]
    public async Task Result_is_the_depth_dict_with_closer_objects_smaller()
    {
        var tool = new EstimateRegionDepthTool(DepthGoldens.Estimator("tiny-depth-trained"));
        var registry = new ToolRegistry().Add(tool);
        var context = new ToolContext(SceneStore());
        var objects = JsonDocument.Parse(File.ReadAllText(Path.Combine(DepthGoldens.RepoRoot, "models", "goldens", "images", "depth_scene.json")))
            .RootElement.GetProperty("objects").EnumerateArray().ToList();

        var depths = new List<double>();
        foreach (var o in objects)
        {
            var outcome = await registry.InvokeAsync(EstimateRegionDepthTool.Name, JsonDocument.Parse($$"""{"image": "image-0", "bbox": {{o.GetProperty("bbox").GetRawText()}}}""").RootElement, context);
            Assert.True(outcome.Succeeded, outcome.ObservationBody);
            Assert.Matches(@"^\{'depth': \d+\.\d{1,2}\}$", outcome.ObservationBody);
            depths.Add(((ToolFloat)outcome.Result!["depth"]).Value);
        }

        // Objects are listed far to near; the nearest (true inverse depth 0.72) must read smallest.
        Assert.True(depths[2] < depths[0] && depths[2] < depths[1], string.Join(", ", depths));
    }

    [Fact]
    public async Task The_network_runs_once_per_image_however_many_regions_are_asked()
    {
        var tool = new EstimateRegionDepthTool(DepthGoldens.Estimator("tiny-depth-trained"));
        var computed = new List<ToolArtifact>();
        var registry = new ToolRegistry().Add(tool);
        var context = new ToolContext(SceneStore());

        foreach (var bbox in new[] { "[0, 0, 1, 1]", "[0.1, 0.5, 0.4, 0.9]", "[0.6, 0.1, 0.9, 0.3]" })
        {
            var outcome = await registry.InvokeAsync(EstimateRegionDepthTool.Name, new Dictionary<string, string> { ["image"] = "image-0", ["bbox"] = bbox }, context);
            Assert.True(outcome.Succeeded, outcome.ObservationBody);
            computed.AddRange(outcome.Artifacts);
        }

        // The one map comes back once, as the first call's artifact, its picture the size of the image.
        var map = Assert.Single(computed);
        Assert.Equal((EstimateRegionDepthTool.MapArtifact, new ImageRef(0)), (map.Kind, map.Image));
        var scene = context.GetPixels(new ImageRef(0));
        var picture = map.Render();
        Assert.Equal((scene.Width, scene.Height), (picture.Width, picture.Height));
    }

    [Theory]
    [InlineData("""[0.1, 0.1, 1.01, 0.5]""", "Bounding box coordinates must be between 0 and 1.")]
    [InlineData("""["NaN", 0.1, 0.5, 0.5]""", "Bounding box coordinates must be between 0 and 1.")]
    [InlineData("""["-Infinity", 0.1, 0.5, 0.5]""", "Bounding box coordinates must be between 0 and 1.")]
    [InlineData("""[0.5, 0.1, 0.4, 0.5]""", "Bounding box must have left < right and top < bottom.")]
    [InlineData("""[0.1, 0.6, 0.5, 0.5]""", "Bounding box must have left < right and top < bottom.")]
    public async Task Bad_boxes_fail_before_the_model_is_loaded(string bbox, string message)
    {
        var loads = 0;
        var tool = new EstimateRegionDepthTool(() =>
        {
            loads++;
            return DepthGoldens.Estimator("tiny-depth-trained");
        });

        var outcome = await new ToolRegistry().Add(tool)
            .InvokeAsync(EstimateRegionDepthTool.Name, JsonDocument.Parse($$"""{"image": "image-0", "bbox": {{bbox}}}""").RootElement, new ToolContext(SceneStore()));

        Assert.Equal("Execution failed with <class 'ValueError'>: " + message, outcome.ObservationBody);
        Assert.Equal(0, loads);
    }

    [Fact]
    public void Region_values_on_a_map_follow_python_truncation_and_rounding()
    {
        // 4×2 map, max 8: D' = 8 − d. Box [0.25, 0, 0.75, 0.5] covers row 0, columns 1–2: D' = 7, 6 → 6.5.
        var map = new DepthMap(4, 2, [0, 1, 2, 3, 4, 5, 6, 8]);
        Assert.Equal(6.5, map.RegionDepth(new BoundingBox(0.25, 0, 0.75, 0.5)));
        // Whole map: 35 / 8 = 4.375 exactly, a tie that Python's round sends to the even digit: 4.38.
        Assert.Equal(4.38, map.RegionDepth(new BoundingBox(0, 0, 1, 1)));

        // A box inside one pixel reads that pixel (the reference's empty slice would be NaN).
        Assert.Equal(3.0, map.RegionDepth(new BoundingBox(0.3, 0.6, 0.31, 0.61)));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.RegionDepth(new BoundingBox(double.NaN, 0, 1, 1)));
    }
}
