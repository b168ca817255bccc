using System.Text.Json;
using System.Text.Json.Nodes;
using Taco.Agent.Runs;
using Taco.Agent.Tracing;
using Taco.Cli.Commands;
using Taco.Cli.Infrastructure;
using Taco.Imaging;
using Taco.Tests.Shared;
using Taco.Tools;

namespace Taco.Cli.Tests;

public sealed class ReplayCommandTests : IDisposable
{
    private const string ReadBoard = """{"thought": "I read the board first.", "actions": [{"name": "OCR", "arguments": {"image": "image-0"}}]}""";
    private const string Divide = """{"thought": "Diesel costs 6.31; 50 dollars buy 50/3.65 of the other.", "actions": [{"name": "Calculate", "arguments": {"expression": "50/3.65"}}]}""";
    private const string Answer = """{"thought": "Done.", "actions": [{"name": "Terminate", "arguments": {"answer": "13.7"}}]}""";

    private const string Question = "How many litres do 50 dollars buy at 3.65 a litre?";

    private readonly string _dir = Directory.CreateTempSubdirectory("taco-replay").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string TinyLlava => Path.Combine(ModelsCommandTests.RepoRoot(), "models", "tiny-llava");

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>A real run (scripted model, real OCR and Calculate) written by the real trace writer.</summary>
    private Task<AgentOutcome> RecordAsync(params string[] replies) => RecordAsync(null, replies);

    private async Task<AgentOutcome> RecordAsync(AgentOptions? options, params string[] replies)
    {
        var image = CliImages.Load(Fixture("price-board.png"));
        await using var writer = new JsonlTraceWriter(_dir, writeInputImages: true);
        var agent = new CotaAgent(new ScriptedActionModel(replies) { TokenCounts = (10, 5) }, CliTools.CreateRegistry(Taco.Tools.Ocr.Tesseract.TesseractOcrEngine.Shared()), options);
        return await agent.RunAsync([image], Question, writer);
    }

    [Fact]
    public async Task Replaying_an_unchanged_trace_reports_identical_and_succeeds()
    {
        var outcome = await RecordAsync(ReadBoard, Divide, Answer);
        Assert.Equal(AgentExitReason.Answered, outcome.ExitReason);

        var (code, output, error) = CliRunner.InProcess("replay", "--ocr-engine", "tesseract", Path.Combine(_dir, "trace.jsonl"));
        Assert.True(code == ExitCodes.Success, output + error);
        Assert.Equal("identical: 3 steps replayed, answer \"13.7\" (answered)\n", output.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_trace_cut_at_a_line_boundary_differs_in_its_missing_outcome(int linesCut)
    {
        await RecordAsync(Divide, Answer);
        var path = Path.Combine(_dir, "trace.jsonl");
        var lines = File.ReadAllLines(path);
        Assert.Contains("\"outcome\"", lines[^1], StringComparison.Ordinal);
        File.WriteAllLines(path, lines[..^linesCut]);

        var (code, output, _) = CliRunner.InProcess("replay", "--ocr-engine", "tesseract", _dir);

        Assert.Equal(ReplayCommand.Differs, code);
        Assert.Contains("outcome\n  recorded: ", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("identical", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_observation_is_listed_with_both_texts_and_the_exit_code_says_it_differs()
    {
        await RecordAsync(ReadBoard, Divide, Answer);
        var path = Path.Combine(_dir, "trace.jsonl");
        var lines = File.ReadAllLines(path);
        // Pretend an older calculator printed another result: edit step 2's recorded observation.
        var step2 = JsonNode.Parse(lines[2])!.AsObject();
        Assert.Equal(2, step2["index"]!.GetValue<int>());
        step2["observation"] = step2["observation"]!.GetValue<string>().Replace("13.698630136986301", "13.7", StringComparison.Ordinal);
        lines[2] = step2.ToJsonString();
        File.WriteAllLines(path, lines);

        var (code, output, _) = CliRunner.InProcess("replay", "--ocr-engine", "tesseract", _dir);
        Assert.Equal(ReplayCommand.Differs, code);
        Assert.StartsWith("1 difference(s):\nstep 2 observation\n  recorded: \"OBSERVATION:\n{'result': 13.7}", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  replayed: \"OBSERVATION:\n{'result': 13.698630136986301}", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        var (jsonCode, json, _) = CliRunner.InProcess("replay", "--ocr-engine", "tesseract", _dir, "--json");
        Assert.Equal(ReplayCommand.Differs, jsonCode);
        using var doc = JsonDocument.Parse(json);
        Assert.False(doc.RootElement.GetProperty("identical").GetBoolean());
        var difference = Assert.Single(doc.RootElement.GetProperty("differences").EnumerateArray());
        Assert.Equal(2, difference.GetProperty("step").GetInt32());
        Assert.Equal("observation", difference.GetProperty("field").GetString());
    }

    [Fact]
    public async Task A_different_input_image_is_a_difference_in_the_image_hashes()
    {
        await RecordAsync(Divide, Answer);
        var other = Path.Combine(_dir, "other.png");
        using (var file = File.Create(other))
        {
            new PngTraceImageWriter().Write(RgbImage.Create(4, 3, Rgb.Black), file);
        }

        var (code, output, _) = CliRunner.InProcess("replay", "--ocr-engine", "tesseract", _dir, "--json", "--image", other);
        Assert.Equal(ReplayCommand.Differs, code);
        using var doc = JsonDocument.Parse(output);
        var difference = Assert.Single(doc.RootElement.GetProperty("differences").EnumerateArray());
        Assert.Equal("image_hashes", difference.GetProperty("field").GetString());

        var (sameCode, _, _) = CliRunner.InProcess("replay", "--ocr-engine", "tesseract", _dir, "--image", Fixture("price-board.png"));
        Assert.Equal(ExitCodes.Success, sameCode);
    }

    [Fact]
    public async Task Render_prints_the_question_each_step_and_the_answer()
    {
        await RecordAsync(ReadBoard, "not json at all", Divide, Answer);
        var (code, output, error) = CliRunner.InProcess("replay", "--ocr-engine", "tesseract", _dir, "--render");
        Assert.True(code == ExitCodes.Success, error);
        var text = output.ReplaceLineEndings("\n");
        Assert.StartsWith("question: How many litres do 50 dollars buy at 3.65 a litre?\nimages: 1; actions: OCR, EstimateRegionDepth, Crop, ZoomIn, Calculate, Terminate;", text, StringComparison.Ordinal);
        Assert.Contains("step 1 (action)\n  thought: I read the board first.\n  action: OCR {\"image\":\"image-0\"}\n  observation: {'regions': ", text, StringComparison.Ordinal);
        Assert.Contains("step 2 (parse_error)\n  unparseable reply: ", text, StringComparison.Ordinal);
        Assert.Contains("step 3 (action)\n  thought: Diesel costs 6.31; 50 dollars buy 50/3.65 of the other.\n  action: Calculate {\"expression\":\"50/3.65\"}\n  observation: {'result': 13.698630136986301}\n", text, StringComparison.Ordinal);
        Assert.Contains("10 tokens prefilled, 5 generated", text, StringComparison.Ordinal);
        Assert.Contains("outcome: answered after 4 step(s)", text, StringComparison.Ordinal);
        Assert.EndsWith("answer: \"13.7\"\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_reads_a_step_in_the_words_ask_streams_it_with_model_text_made_safe()
    {
        // One step formatter for both: the same lines, and a terminal escape the model wrote never reaches the terminal.
        const string Clear = """{"thought": "Clear \u001b[2J the screen.", "actions": [{"name": "Terminate", "arguments": {"answer": "\u001b]0;owned\u0007"}}]}""";
        var outcome = await RecordAsync(Clear);
        Assert.Equal(AgentExitReason.Answered, outcome.ExitReason);

        var (code, output, error) = CliRunner.InProcess("replay", "--ocr-engine", "tesseract", _dir, "--render");
        Assert.True(code == ExitCodes.Success, error);
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\u0007', output);
        var step = outcome.Steps.Single();
        var lines = StepText.Lines(step).Select(l => "  " + StepText.Join(l) + "\n");
        Assert.Contains("step 1 (answer)\n" + string.Concat(lines), output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("  thought: Clear \\u001B[2J the screen.\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.EndsWith("answer: \"\\u001B]0;owned\\u0007\"\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Print_prompt_shows_the_first_step_of_the_recorded_run_through_the_models_template_as_ask_does()
    {
        await RecordAsync(Divide, Answer);
        var (code, output, error) = CliRunner.InProcess("replay", "--ocr-engine", "tesseract", _dir, "--print-prompt", "--model", TinyLlava);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal(string.Empty, error);

        // The recorded taco profile: the task prompt with the recorded actions, then the flattened request, in tiny-llava's ChatML user turn.
        Assert.StartsWith("<|im_start|>user\n[BEGIN OF GOAL] You are a helpful assistant", output, StringComparison.Ordinal);
        Assert.Contains("You can use these actions: OCR, EstimateRegionDepth, Crop, ZoomIn, Calculate, Terminate [END OF GOAL]\n###Human: ", output, StringComparison.Ordinal);
        Assert.EndsWith(
            "###Human: \n# USER REQUEST #:\nimage-0: <image>\n" + Question + "\n\nNow please generate your response:\n\n\n###Assistant: <|im_end|>\n<|im_start|>assistant\n",
            output,
            StringComparison.Ordinal);

        // One code path with ask's: the same question, image, actions and model print the same bytes.
        var (askCode, askOutput, askError) = CliRunner.InProcess(
            "ask", "--ocr-engine", "tesseract", Fixture("price-board.png"), Question, "--model", TinyLlava, "--print-prompt", "--tools", "OCR,EstimateRegionDepth,Crop,ZoomIn,Calculate");
        Assert.True(askCode == ExitCodes.Success, askError);
        Assert.Equal(askOutput, output);
    }

    [Fact]
    public async Task Print_prompt_keeps_the_recorded_chat_native_profile_and_rejects_render()
    {
        await RecordAsync(new AgentOptions { Profile = Taco.Agent.Protocol.ProtocolProfile.TacoTiny }, Answer);
        var (code, output, error) = CliRunner.InProcess("replay", "--ocr-engine", "tesseract", _dir, "--print-prompt", "--model", TinyLlava);
        Assert.True(code == ExitCodes.Success, error);
        Assert.StartsWith("<|im_start|>user\n[BEGIN OF GOAL]", output, StringComparison.Ordinal);
        Assert.EndsWith("\n" + Question + "\nNow please generate your response:\n<|im_end|>\n<|im_start|>assistant\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("###", output, StringComparison.Ordinal);

        var (bothCode, bothOutput, bothError) = CliRunner.InProcess("replay", "--ocr-engine", "tesseract", _dir, "--print-prompt", "--render", "--model", TinyLlava);
        Assert.Equal(ExitCodes.BadInput, bothCode);
        Assert.Equal(string.Empty, bothOutput);
        Assert.Equal("taco: give --render or --print-prompt, not both.\n", bothError.ReplaceLineEndings("\n"));

        var (brokenCode, brokenOutput, brokenError) = CliRunner.InProcess("replay", "--ocr-engine", "tesseract", _dir, "--print-prompt", "--model", Path.Combine(_dir, "no-model"));
        Assert.Equal(ExitCodes.ModelError, brokenCode);
        Assert.Equal(string.Empty, brokenOutput);
        Assert.Single(brokenError.TrimEnd().Split('\n'));
    }

    [Fact]
    public void A_missing_trace_is_one_line_and_bad_input()
    {
        var (code, output, error) = CliRunner.InProcess("replay", "--ocr-engine", "tesseract", Path.Combine(_dir, "nope.jsonl"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"taco: Trace file {Path.Combine(_dir, "nope.jsonl")} does not exist.\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_file_that_is_not_a_trace_is_bad_input_naming_the_line()
    {
        var path = Path.Combine(_dir, "trace.jsonl");
        File.WriteAllText(path, "{\"type\": \"start\"\n");
        var (code, _, error) = CliRunner.InProcess("replay", "--ocr-engine", "tesseract", path, "--render");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith($"taco: {path} line 1: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Missing_input_images_are_bad_input_that_suggests_image()
    {
        await RecordAsync(Divide, Answer);
        File.Delete(Path.Combine(_dir, "images", "image-0.png"));
        var (code, _, error) = CliRunner.InProcess("replay", "--ocr-engine", "tesseract", _dir);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("pass the images with --image", error, StringComparison.Ordinal);
    }
}
