using Taco.Agent.Runs;
using Taco.Agent.Tracing;
using Taco.Cli.Infrastructure;
using Taco.Imaging;
using Taco.Onnx;
using Taco.Tests.Shared;
using Taco.Tools;
using Taco.Tools.Depth;

namespace Taco.Cli.Tests;

/// <summary>
/// A traced run keeps a picture of every depth map EstimateRegionDepth computed: the map is an artifact of the tool's
/// outcome, and the trace writer, an observer like any other, keeps it; nothing else needs wiring.
/// </summary>
public sealed class TraceDepthMapTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("taco-trace-depth").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Each_measured_image_gets_one_depth_picture_in_the_trace()
    {
        string[] replies =
        [
            """{"thought": "", "actions": [{"name": "EstimateRegionDepth", "arguments": {"image": "image-0", "bbox": [0.15, 0.4, 0.45, 0.84]}}]}""",
            """{"thought": "", "actions": [{"name": "EstimateRegionDepth", "arguments": {"image": "image-0", "bbox": [0.67, 0.3, 0.84, 0.54]}}]}""",
            """{"thought": "", "actions": [{"name": "ZoomIn", "arguments": {"image": "image-0", "bbox": [0.1, 0.3, 0.5, 0.9], "zoom_factor": 2}}]}""",
            """{"thought": "", "actions": [{"name": "EstimateRegionDepth", "arguments": {"image": "image-1", "bbox": [0, 0, 1, 1]}}]}""",
            """{"thought": "", "actions": [{"name": "Terminate", "arguments": {"answer": "the ball"}}]}""",
        ];
        var scene = ImageDecoder.Decode(Path.Combine(ModelsCommandTests.RepoRoot(), "models", "goldens", "images", "depth_scene.png"));
        var shipped = ShippedModels.Depth.ShippedPath();
        var registry = CliTools.CreateRegistry(Taco.Tools.Ocr.Tesseract.TesseractOcrEngine.Shared(), () => DepthEstimator.Load(shipped, OnnxRuntime.Initialize()));

        var outcome = await RecordAsync(registry, replies, scene);

        Assert.Equal(AgentExitReason.Answered, outcome.ExitReason);
        var images = Directory.GetFiles(Path.Combine(_dir, JsonlTraceWriter.ImagesFolder)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["depth-image-0.png", "depth-image-1.png", "image-0.png", "image-1.png"], images);
        var map = ImageDecoder.Decode(Path.Combine(_dir, JsonlTraceWriter.ImagesFolder, "depth-image-0.png"));
        Assert.Equal((scene.Width, scene.Height), (map.Width, map.Height));
    }

    [Fact]
    public async Task A_run_without_a_trace_writes_no_depth_picture_anywhere()
    {
        var shipped = ShippedModels.Depth.ShippedPath();
        var registry = CliTools.CreateRegistry(Taco.Tools.Ocr.Tesseract.TesseractOcrEngine.Shared(), () => DepthEstimator.Load(shipped, OnnxRuntime.Initialize()));
        var agent = new CotaAgent(new ScriptedActionModel(
            """{"thought": "", "actions": [{"name": "EstimateRegionDepth", "arguments": {"image": "image-0", "bbox": [0, 0, 1, 1]}}]}""",
            """{"thought": "", "actions": [{"name": "Terminate", "arguments": {"answer": "x"}}]}"""), registry);

        // Another question's trace, written earlier with the same registry, must not catch this run's maps.
        await RecordAsync(registry, ["""{"thought": "", "actions": [{"name": "Terminate", "arguments": {"answer": "y"}}]}"""], Gray());
        var outcome = await agent.RunAsync([Gray()], "How far?", null);

        Assert.Equal(AgentExitReason.Answered, outcome.ExitReason);
        Assert.Equal(["image-0.png"], Directory.GetFiles(Path.Combine(_dir, JsonlTraceWriter.ImagesFolder)).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Questions_answered_at_once_with_one_registry_keep_their_own_depth_pictures()
    {
        // As batch runs them: one registry (one depth tool) shared, each question traced in its own folder.
        var shipped = ShippedModels.Depth.ShippedPath();
        var registry = CliTools.CreateRegistry(Taco.Tools.Ocr.Tesseract.TesseractOcrEngine.Shared(), () => DepthEstimator.Load(shipped, OnnxRuntime.Initialize()));
        var scene = ImageDecoder.Decode(Path.Combine(ModelsCommandTests.RepoRoot(), "models", "goldens", "images", "depth_scene.png"));
        string[] replies =
        [
            """{"thought": "", "actions": [{"name": "EstimateRegionDepth", "arguments": {"image": "image-0", "bbox": [0, 0, 1, 1]}}]}""",
            """{"thought": "", "actions": [{"name": "Terminate", "arguments": {"answer": "x"}}]}""",
        ];
        var folders = new[] { Path.Combine(_dir, "scene"), Path.Combine(_dir, "gray") };

        async Task<AgentOutcome> TraceAsync(string folder, RgbImage image)
        {
            await Task.Yield();
            await using var writer = new JsonlTraceWriter(folder, writeInputImages: true);
            return await new CotaAgent(new ScriptedActionModel(replies), registry).RunAsync([image], "How far?", writer);
        }

        var outcomes = await Task.WhenAll(Task.Run(() => TraceAsync(folders[0], scene)), Task.Run(() => TraceAsync(folders[1], Gray())));

        Assert.All(outcomes, o => Assert.Equal(AgentExitReason.Answered, o.ExitReason));
        var sceneMap = ImageDecoder.Decode(Path.Combine(folders[0], JsonlTraceWriter.ImagesFolder, "depth-image-0.png"));
        var grayMap = ImageDecoder.Decode(Path.Combine(folders[1], JsonlTraceWriter.ImagesFolder, "depth-image-0.png"));
        Assert.Equal((scene.Width, scene.Height), (sceneMap.Width, sceneMap.Height));
        Assert.Equal((8, 6), (grayMap.Width, grayMap.Height));
    }

    private static RgbImage Gray() => RgbImage.Create(8, 6, Rgb.Black);

    private async Task<AgentOutcome> RecordAsync(Taco.Tools.ToolRegistry registry, string[] replies, RgbImage image)
    {
        await using var writer = new JsonlTraceWriter(_dir, writeInputImages: true);
        return await new CotaAgent(new ScriptedActionModel(replies), registry).RunAsync([image], "Which is closer?", writer);
    }
}
