using System.Text.Json;
using Taco.Imaging;
using Taco.Tools.Calculate;
using Taco.Tools.Values;

namespace Taco.Tools.Tests;

public sealed class ContractTests
{
    // A tool whose only job is to expose a schema with every argument type; not the thing under test.
    private sealed class EchoToolDouble : ITool
    {
        public ToolDescriptor Descriptor { get; } = new(
            "Echo",
            "Returns its arguments.",
            [
                new ToolArgument("image", ToolArgumentType.Image, "the image"),
                new ToolArgument("bbox", ToolArgumentType.BBox, "the box") { Required = false },
                new ToolArgument("zoom_factor", ToolArgumentType.Number, "the zoom") { Required = false, Minimum = 1, ExclusiveMinimum = true, RangeMessage = "Zoom factor must be greater than 1" },
                new ToolArgument("count", ToolArgumentType.Integer, "how many") { Required = false, Minimum = 0, Maximum = 10 },
                new ToolArgument("objects", ToolArgumentType.Array, "labels") { Required = false, ItemType = ToolArgumentType.String, MinItems = 1 },
            ],
            [new ToolReturn("echo", "dict", "the validated arguments")],
            [new ToolExample("""{"image": "image-0", "bbox": [0.1, 0.2, 0.5, 0.6]}""")]);

        public ValueTask<ToolDict> InvokeAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ToolDict.Empty.With("echo", new ToolDict(arguments.Values)));
    }

    private sealed class TwoImagesDouble : IToolImages
    {
        public int Count => 2;

        public RgbImage GetPixels(ImageRef image) => throw new NotSupportedException("not needed by these tests");
    }

    private static readonly ToolContext TwoImages = new(new TwoImagesDouble());

    private static ToolRegistry Registry() => new ToolRegistry().Add(new EchoToolDouble()).Add(new CalculateTool());

    private static async Task<ToolOutcome> Run(string tool, string json)
    {
        using var doc = JsonDocument.Parse(json);
        return await Registry().InvokeAsync(tool, doc.RootElement.Clone(), TwoImages);
    }

    [Fact]
    public async Task Calculate_result_renders_as_the_taco_observation()
    {
        var outcome = await Run("Calculate", """{"expression": "50 / 3.65"}""");
        Assert.True(outcome.Succeeded);
        Assert.Equal("{'result': 13.698630136986301}", outcome.ObservationBody);
    }

    [Fact]
    public async Task Calculate_failure_renders_the_python_exception_class()
    {
        var outcome = await Run("Calculate", """{"expression": "1/0"}""");
        Assert.Equal("Execution failed with <class 'ZeroDivisionError'>: division by zero.", outcome.ObservationBody);
    }

    [Theory]
    [InlineData("""{"image": "image-0", "bbox": [0.1, 0.2, 1.5, 0.6]}""", "Bounding box coordinates must be between 0 and 1")]
    [InlineData("""{"image": "image-0", "bbox": [-0.1, 0.2, 0.5, 0.6]}""", "Bounding box coordinates must be between 0 and 1")]
    [InlineData("""{"image": "image-0", "bbox": [0.5, 0.2, 0.1, 0.6]}""", "Bounding box must have left < right and top < bottom")]
    [InlineData("""{"image": "image-0", "bbox": [0.1, 0.2, 0.5]}""", "Bounding box must be a list of 4 numbers [left, top, right, bottom]")]
    [InlineData("""{"image": "image-0", "bbox": "[0.1, nan, 0.5, 0.6]"}""", "Bounding box must be a list of 4 numbers [left, top, right, bottom]")]
    [InlineData("""{"image": "image-2"}""", "image-2 does not exist; the images are image-0 to image-1")]
    [InlineData("""{"image": "picture"}""", "Argument 'image' must name an image such as image-0, got 'picture'")]
    [InlineData("""{"bbox": [0.1, 0.2, 0.5, 0.6]}""", "Echo is missing the required argument 'image'")]
    [InlineData("""{"image": "image-0", "size": 3}""", "Echo got an unexpected argument 'size'; expected image, bbox, zoom_factor, count, objects")]
    [InlineData("""{"image": "image-0", "zoom_factor": 1}""", "Zoom factor must be greater than 1")]
    [InlineData("""{"image": "image-0", "zoom_factor": "x2"}""", "Argument 'zoom_factor' must be a number, got 'x2'")]
    [InlineData("""{"image": "image-0", "count": 2.5}""", "Argument 'count' must be an integer, got 2.5")]
    [InlineData("""{"image": "image-0", "count": 11}""", "Argument 'count' must be at least 0 and at most 10")]
    [InlineData("""{"image": "image-0", "objects": []}""", "Argument 'objects' must have at least 1 items, got 0")]
    [InlineData("""{"image": "image-0", "objects": "cat"}""", "Argument 'objects' must be a list, got a string")]
    [InlineData("""["image-0"]""", "The arguments of Echo must be a JSON object, got a list")]
    public async Task Invalid_arguments_fail_with_a_value_error_before_the_tool_runs(string json, string message)
    {
        var outcome = await Run("Echo", json);
        Assert.False(outcome.Succeeded);
        Assert.Equal($"Execution failed with <class 'ValueError'>: {message}.", outcome.ObservationBody);
    }

    [Fact]
    public async Task Valid_arguments_arrive_typed_and_sloppy_but_harmless_forms_are_accepted()
    {
        var outcome = await Run("Echo", """{"image": "image-1: <image>", "bbox": "[0.1, 0.2, 0.5, 0.6]", "zoom_factor": "2", "count": 3.0, "objects": ["cat", "dog"]}""");
        Assert.True(outcome.Succeeded, outcome.ObservationBody);
        Assert.Equal(
            "{'echo': {'bbox': [0.1, 0.2, 0.5, 0.6], 'count': 3, 'image': 'image-1: <image>', 'objects': ['cat', 'dog'], 'zoom_factor': 2}}",
            outcome.ObservationBody);
    }

    [Fact]
    public async Task Command_line_text_arguments_are_read_by_their_declared_types()
    {
        var args = new Dictionary<string, string> { ["image"] = "image-0", ["bbox"] = "0.1,0.2,0.5,0.6", ["objects"] = "cat,dog", ["zoom_factor"] = "1.5" };
        var outcome = await Registry().InvokeAsync("Echo", args, TwoImages);
        Assert.True(outcome.Succeeded, outcome.ObservationBody);
        Assert.Equal(
            "{'echo': {'bbox': [0.1, 0.2, 0.5, 0.6], 'image': 'image-0: <image>', 'objects': ['cat', 'dog'], 'zoom_factor': 1.5}}",
            outcome.ObservationBody);
    }

    [Fact]
    public async Task Unknown_action_names_the_available_ones()
    {
        var outcome = await Run("Calculator", """{"expression": "1"}""");
        Assert.Equal("Execution failed with <class 'ValueError'>: Unknown action 'Calculator'; the available actions are Echo, Calculate.", outcome.ObservationBody);
    }

    [Fact]
    public void Registering_two_tools_with_one_name_is_refused() =>
        Assert.Throws<ArgumentException>(() => new ToolRegistry().Add(new CalculateTool()).Add(new CalculateTool()));

    [Fact]
    public void Prompt_block_follows_the_taco_action_layout()
    {
        var text = ToolPromptRenderer.RenderActions([new CalculateTool().Descriptor]);
        Assert.Equal(
            "[BEGIN OF ACTIONS]\n" +
            "Name: Calculate\n" +
            "Description: Calculate a math expression.\n" +
            "Arguments: {\"expression\": \"the math expression to calculate\"}\n" +
            "Returns: {\"result\": \"the result of the calculation\"}\n" +
            "Examples:\n" +
            "{\"name\": \"Calculate\", \"arguments\": {\"expression\": \"50 / 3.65\"}}\n" +
            "{\"name\": \"Calculate\", \"arguments\": {\"expression\": \"(12.5 + 7.25) * 3\"}}\n" +
            "\n" +
            "[END OF ACTIONS]\n\n",
            text);
    }

    [Fact]
    public void Prompt_json_escapes_non_ascii_like_json_dumps()
    {
        var tool = new ToolDescriptor("T", "d", [new ToolArgument("x", ToolArgumentType.String, "prix en €")], [], [new ToolExample("""{"x": "café"}""")]);
        var text = ToolPromptRenderer.RenderAction(tool);
        Assert.Contains("Arguments: {\"x\": \"prix en \\u20ac\"}", text, StringComparison.Ordinal);
        Assert.Contains("{\"name\": \"T\", \"arguments\": {\"x\": \"caf\\u00e9\"}}", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("image-0", true, 0)]
    [InlineData(" image-12 ", true, 12)]
    [InlineData("image-3: <image>", true, 3)]
    [InlineData("image-", false, 0)]
    [InlineData("image--1", false, 0)]
    [InlineData("Image-1", false, 0)]
    [InlineData("image-99999999", false, 0)]
    public void Image_ids_parse_only_in_the_taco_form(string text, bool ok, int index)
    {
        Assert.Equal(ok, ImageRef.TryParse(text, out var image));
        Assert.Equal(index, image.Index);
    }
}
