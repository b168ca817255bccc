using Taco.Agent.Protocol;
using Taco.Agent.Tests.Goldens;
using Taco.Tools;
using Taco.Tools.Calculate;
using Taco.Tools.Depth;
using Taco.Tools.Ocr;
using Taco.Tools.Ocr.Tesseract;
using Taco.Tools.Regions;
using Taco.Tools.Values;

namespace Taco.Agent.Tests.Protocol;

/// <summary>Every TACO string, compared byte for byte with goldens CPython wrote from the protocol's constants.</summary>
public sealed class ProtocolGoldenTests
{
    private static readonly ProtocolProfile Taco = ProtocolProfile.Taco;

    private static ToolRegistry OcrAndCalculate() =>
        new ToolRegistry().Add(new CalculateTool()).Add(new OcrTool(TesseractOcrEngine.Shared()));

    private static List<ToolDescriptor> Offered(ProtocolProfile profile, ToolRegistry registry) =>
        [.. profile.SelectTools(registry).Select(t => t.Descriptor)];

    [Fact]
    public void Short_prompt_lists_the_offered_actions_in_reference_order_with_Terminate_last()
    {
        // Registered Calculate first: the prompt still lists OCR first, as the reference does.
        Golden.AssertMatches("short-prompt-ocr-calculate.txt", Taco.RenderTaskPrompt(Offered(Taco, OcrAndCalculate())));
    }

    [Fact]
    public void Short_prompt_with_every_reference_action_is_the_trained_prompt()
    {
        var names = TacoStrings.ReferenceActionOrder;
        var descriptors = names.Select(n => new ToolDescriptor(n, "d", [], [])).ToList();
        Golden.AssertMatches("short-prompt-reference-actions.txt", Taco.RenderTaskPrompt(descriptors));
    }

    [Fact]
    public void Every_registered_tool_is_offered_in_reference_order_and_nothing_else()
    {
        // Registered out of order, as the CLI's registry might be; the depth model is never loaded for a prompt.
        var registry = new ToolRegistry()
            .Add(new CalculateTool())
            .Add(new ZoomInTool())
            .Add(new EstimateRegionDepthTool(() => throw new InvalidOperationException("a prompt must not load the depth model")))
            .Add(new CropTool())
            .Add(new OcrTool(TesseractOcrEngine.Shared()));
        var full = Taco with { PromptStyle = PromptStyle.Full };

        Golden.AssertMatches("short-prompt-all-tools.txt", Taco.RenderTaskPrompt(Offered(Taco, registry)));
        Golden.AssertMatches("full-prompt-all-tools.txt", full.RenderTaskPrompt(Offered(full, registry)));
    }

    [Fact]
    public void Request_names_each_image_on_its_own_line()
    {
        Golden.AssertMatches("request-one-image.txt", Taco.RenderRequest(1, "How many gallons of supreme gasoline can I get with $50?"));
        Golden.AssertMatches("request-two-images.txt", Taco.RenderRequest(2, "Which of image-0 and image-1 shows the cheaper supreme gasoline?"));
        Golden.AssertMatches("request-no-image.txt", Taco.RenderRequest(0, "What is 12 times 7?"));
    }

    [Fact]
    public void Under_taco_the_task_prompt_is_the_system_message_and_the_first_turn_the_request()
    {
        var actions = Offered(Taco, OcrAndCalculate());
        Golden.AssertMatches("short-prompt-ocr-calculate.txt", Taco.RenderSystemPrompt(actions)!);
        Golden.AssertMatches("first-turn-gas-station.txt", Taco.RenderFirstTurn(actions, 1, "How many gallons of supreme gasoline can I get with $50?"));
        Assert.Equal(ModelInput.Transcript, Taco.Input);
    }

    [Fact]
    public void Under_taco_chat_the_first_turn_is_task_prompt_then_request_with_one_newline()
    {
        var chat = ProtocolProfile.Named("taco-chat");
        var actions = Offered(chat, OcrAndCalculate());
        Assert.Null(chat.RenderSystemPrompt(actions));
        Golden.AssertMatches("taco-chat-first-turn-gas-station.txt", chat.RenderFirstTurn(actions, 1, "How many gallons of supreme gasoline can I get with $50?"));
        Assert.Equal(ModelInput.ChatTurns, chat.Input);
    }

    [Fact]
    public void Full_prompt_describes_offered_actions_and_shows_only_examples_it_can_follow()
    {
        var full = Taco with { PromptStyle = PromptStyle.Full };
        Golden.AssertMatches("full-prompt-ocr-calculate.txt", full.RenderTaskPrompt(Offered(full, OcrAndCalculate())));
        var calculateOnly = full with { OfferedActions = ["Calculate"] };
        Golden.AssertMatches("full-prompt-calculate-only.txt", calculateOnly.RenderTaskPrompt(Offered(calculateOnly, OcrAndCalculate())));
    }

    [Fact]
    public async Task Calculate_observation_prints_the_python_float()
    {
        var outcome = await new ToolRegistry().Add(new CalculateTool())
            .InvokeAsync("Calculate", new Dictionary<string, string> { ["expression"] = "50 / 3.65" }, ToolContext.Empty);
        Golden.AssertMatches("observation-calculate.txt", Taco.RenderObservation(outcome));
    }

    [Fact]
    public void Ocr_observation_hides_regions_from_the_model()
    {
        var result = new OcrResult("Regular 3.49 9/10\nSupreme 3.65 9/10", [new OcrLine("Regular 3.49 9/10", new BoundingBox(0.1, 0.2, 0.9, 0.3), 0.91)]).ToToolDict();
        Assert.True(result.TryGetValue("regions", out _));
        Golden.AssertMatches("observation-ocr-text-only.txt", Taco.RenderObservation(ToolOutcome.Success("OCR", result)));
    }

    // taco-tiny: the default model is trained on exactly these bytes (taco synth --profile taco-tiny),
    // so these goldens must never drift; a change here means retraining the model.
    [Fact]
    public void Taco_tiny_first_turn_is_the_taco_chat_first_turn()
    {
        var tiny = ProtocolProfile.Named("taco-tiny");
        var registry = new ToolRegistry()
            .Add(new OcrTool(TesseractOcrEngine.Shared()))
            .Add(new EstimateRegionDepthTool(() => throw new InvalidOperationException("a prompt must not load the depth model")))
            .Add(new CropTool())
            .Add(new ZoomInTool())
            .Add(new CalculateTool());
        var text = tiny.RenderFirstTurn(Offered(tiny, registry), 1, "Which sign is closer to the camera, B or D?");

        Golden.AssertMatches("taco-tiny-first-turn-all-tools.txt", text);
        Assert.Null(tiny.RenderSystemPrompt(Offered(tiny, registry)));
        Assert.Equal(ModelInput.ChatTurns, tiny.Input);
        var chat = ProtocolProfile.TacoChat;
        Assert.Equal(chat.RenderFirstTurn(Offered(chat, registry), 1, "Which sign is closer to the camera, B or D?"), text);
    }

    [Fact]
    public void Taco_tiny_ocr_observation_shows_regions_with_boxes_and_texts_then_the_text()
    {
        var result = new OcrResult("Regular 3.49 9/10\nSupreme 3.65 9/10\nDiesel 'ULSD' 3.89",
        [
            new OcrLine("Regular 3.49 9/10", new BoundingBox(0.1, 0.2, 0.9, 0.3), 0.91),
            new OcrLine("Supreme 3.65 9/10", new BoundingBox(0.1, 0.35, 0.9, 0.45), 0.88),
            new OcrLine("Diesel 'ULSD' 3.89", new BoundingBox(0.12, 0.5, 0.88, 0.61), 0.7),
        ]).ToToolDict();
        var outcome = ToolOutcome.Success("OCR", result);

        Golden.AssertMatches("taco-tiny-observation-ocr.txt", ProtocolProfile.TacoTiny.RenderObservation(outcome));
        Assert.Contains("'confidence'", PythonRepr.Render(result), StringComparison.Ordinal); // the trace keeps what the model is not shown
    }

    [Fact]
    public void Profiles_are_found_by_name_and_an_unknown_name_lists_the_known_ones()
    {
        Assert.Same(ProtocolProfile.Taco, ProtocolProfile.Named("taco"));
        Assert.Same(ProtocolProfile.TacoTiny, ProtocolProfile.Named("taco-tiny"));
        var error = Assert.Throws<ArgumentException>(() => ProtocolProfile.Named("tiny"));
        Assert.Contains("taco, taco-tiny", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_result_is_shown_as_an_image_placeholder()
    {
        var result = ToolDict.Empty.With("image", new ToolImage(new ImageRef(3)));
        Golden.AssertMatches("observation-image.txt", Taco.RenderObservation(ToolOutcome.Success("Crop", result)));
    }

    [Fact]
    public async Task Failed_action_reads_execution_failed_with_the_python_class()
    {
        var outcome = await new ToolRegistry().Add(new CalculateTool())
            .InvokeAsync("Calculate", new Dictionary<string, string> { ["expression"] = "1 / 0" }, ToolContext.Empty);
        Golden.AssertMatches("observation-failure-zero-division.txt", Taco.RenderObservation(outcome));
    }

    [Fact]
    public void Empty_actions_get_the_no_action_message() =>
        Golden.AssertMatches("observation-no-action.txt", ProtocolProfile.RenderNoAction());

    [Fact]
    public void Json_errors_carry_json_loads_text_and_the_json_guidance()
    {
        Golden.AssertMatches("parse-error-json-missing-comma.txt", Feedback("```json\n{\"thought\": \"read it\", \"actions\": [{\"name\": \"OCR\" \"arguments\": {\"image\": \"image-0\"}}]}\n```"));
        Golden.AssertMatches("parse-error-json-single-quotes.txt", Feedback("{'thought': 'read it', 'actions': []}"));
    }

    [Fact]
    public void Shape_errors_carry_the_try_again_guidance() =>
        Golden.AssertMatches("parse-error-other-missing-name.txt", Feedback("{\"thought\": \"x\", \"actions\": [{\"arguments\": {}}]}"));

    private static string Feedback(string modelText)
    {
        var reply = CotaParser.Parse(modelText);
        Assert.True(reply.IsError);
        return ProtocolProfile.RenderParseError(reply.ErrorKind!.Value, reply.ErrorMessage!);
    }
}
