using System.Text.Json;
using System.Text.Json.Nodes;
using Taco.Agent.Protocol;
using Taco.Agent.Runs;
using Taco.Cli.Infrastructure;
using Taco.Imaging;
using Taco.Tests.Shared;
using Taco.Tools.Ocr;

namespace Taco.Cli.Tests;

/// <summary>
/// taco synth with the real agent loop and the real tools (PP-OCR, the shipped depth model) on
/// real images: what it keeps, why it drops, and that it never writes over what it reads.
/// </summary>
public sealed class SynthCommandTests : IDisposable
{
    private const string Board = "price-board.png"; // Diesel 6.31, Soup 5.74, Juice 5.00, Donut 5.39
    private const string Signs = "signs-b-d.png"; // sign B far, sign D near (make_signs.py)

    private readonly TempDirectory _temp = new("taco-synth-");

    public SynthCommandTests()
    {
        foreach (var name in new[] { Board, Signs })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", name), Path.Combine(_temp.Path, name));
        }
    }

    public void Dispose() => _temp.Dispose();

    private string Items => Path.Combine(_temp.Path, "items.jsonl");

    private string Out => Path.Combine(_temp.Path, "out", "conversations.jsonl");

    private static string Fuel(string id, string expectNumbers = "\"6.31\", \"5.74\"", string expression = "6.31 - 5.74", string gold = "0.57", string category = "fuel") =>
        $$$"""
        {"id": "{{{id}}}", "images": ["{{{Board}}}"], "category": "{{{category}}}", "question": "How much more is Diesel than Soup?", "answer": "{{{gold}}}", "answer_type": "numeric", "plan": [
          {"thought": "I need the prices of Diesel and Soup.", "action": "OCR", "arguments": {"image": "image-0"}, "expect": {"numbers": [{{{expectNumbers}}}], "text": ["Diesel", "Soup"]}},
          {"thought": "Diesel costs 6.31 and Soup 5.74, so I subtract.", "action": "Calculate", "arguments": {"expression": "{{{expression}}}"}},
          {"thought": "The difference is {round:2:obs[1].result} dollars.", "action": "Terminate", "arguments": {"answer": "{round:2:obs[1].result}"}}]}
        """.ReplaceLineEndings(" ");

    private (int Code, string Error) Synth(params string[] extra)
    {
        var (code, output, error) = CliRunner.InProcess(["synth", Items, "-o", Out, .. extra]);
        Assert.Equal(string.Empty, output);
        return (code, error);
    }

    private List<JsonElement> Conversations() =>
        [.. File.ReadAllLines(Out).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    private JsonElement Report() => JsonDocument.Parse(File.ReadAllText(Out + ".report.json")).RootElement.Clone();

    [Fact]
    public async Task A_kept_fuel_trace_is_the_dialogue_the_agent_hands_a_model_for_the_same_replies()
    {
        File.WriteAllText(Items, Fuel("fuel-1") + "\n");

        var (code, error) = Synth();

        Assert.True(code == ExitCodes.Success, error);
        var conversation = Assert.Single(Conversations());
        Assert.Equal("fuel-1", conversation.GetProperty("id").GetString());
        Assert.Equal("0.57", conversation.GetProperty("answer").GetString());
        Assert.Equal("taco", conversation.GetProperty("profile").GetString());
        Assert.Equal(["../" + Board], conversation.GetProperty("images").EnumerateArray().Select(i => i.GetString()));
        var messages = conversation.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, m.GetProperty("text").GetString()!)).ToList();
        Assert.Equal(7, messages.Count);
        Assert.Equal(
            """{"thought": "The difference is 0.57 dollars.", "actions": [{"name": "Terminate", "arguments": {"answer": "0.57"}}]}""",
            messages[^1].Item2);

        // What `taco ask` builds: the CLI's tools, the taco profile, a model replying the same texts.
        var replies = messages.Where(m => m.Item1 == "assistant").Select(m => m.Item2).ToArray();
        var agent = new CotaAgent(new ScriptedActionModel(replies), CliTools.CreateRegistry(OcrEngines.Create(OcrEngines.Auto).Engine), new AgentOptions { Profile = ProtocolProfile.Taco });
        var outcome = await agent.RunAsync([CliImages.Load(Path.Combine(_temp.Path, Board))], "How much more is Diesel than Soup?");

        Assert.Equal(AgentExitReason.Answered, outcome.ExitReason);
        // Under taco the task prompt is the system message, written first.
        Assert.Equal(("system", outcome.SystemPrompt!), messages[0]);
        Assert.Equal(outcome.Messages.Select(m => (m.Role.ToString().ToLowerInvariant(), m.Text)), messages.Skip(1));
        Assert.StartsWith("OBSERVATION:\n{'text': 'Prices\\nDiesel 6.31", messages[3].Item2, StringComparison.Ordinal);

        var report = Report();
        Assert.Equal((1, 1, 0), (report.GetProperty("items").GetInt32(), report.GetProperty("kept").GetInt32(), report.GetProperty("dropped").GetInt32()));
        Assert.Contains("1 items, 1 kept, 0 dropped", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_reason_drops_its_trace_and_the_report_counts_it_per_category_and_line()
    {
        string[] lines =
        [
            Fuel("kept-1"),
            Fuel("number", expectNumbers: "\"6.33\""),
            Fuel("text").Replace("\"Soup\"]", "\"Petrol\"]", StringComparison.Ordinal),
            Fuel("tool", expression: "6.31 / 0"),
            Fuel("wrong", gold: "0.75"),
            """{"id": "region", "images": ["signs-b-d.png"], "category": "depth", "question": "Which sign is closer, B or C?", "answer": "B", "plan": [{"thought": "Find the signs.", "action": "OCR", "arguments": {"image": "image-0"}, "expect": {"regions": ["B", "C"]}}, {"thought": "B.", "action": "Terminate", "arguments": {"answer": "B"}}]}""",
            "this line is not JSON",
            """{"id": "no-image", "images": ["missing.png"], "category": "fuel", "question": "q", "answer": "1", "plan": [{"action": "Terminate", "arguments": {"answer": "1"}}]}""",
            """{"id": "no-terminate", "images": ["price-board.png"], "category": "fuel", "question": "q", "answer": "1", "plan": [{"action": "OCR", "arguments": {"image": "image-0"}}]}""",
            """{"id": "unknown-action", "images": ["price-board.png"], "category": "fuel", "question": "q", "answer": "1", "plan": [{"action": "Translate", "arguments": {}}, {"action": "Terminate", "arguments": {"answer": "1"}}]}""",
            """{"id": "bad-placeholder", "images": ["price-board.png"], "category": "fuel", "question": "q", "answer": "1", "plan": [{"action": "Terminate", "arguments": {"answer": "{obs[0].text}"}}]}""",
            Fuel("kept-2", category: "receipt"),
            Fuel("ungrounded", expression: "6.31 - 5.75"), // 5.75 is on no sign: a constrained model could not write it
        ];
        File.WriteAllText(Items, string.Join("\n", lines) + "\n");

        var (code, error) = Synth("--profile", "taco-tiny", "-j", "2");

        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal(["kept-1", "kept-2"], Conversations().Select(c => c.GetProperty("id").GetString())); // input order, whatever finished first
        var report = Report();
        Assert.Equal((13, 2, 11), (report.GetProperty("items").GetInt32(), report.GetProperty("kept").GetInt32(), report.GetProperty("dropped").GetInt32()));
        var reasons = report.GetProperty("reasons").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(
            new Dictionary<string, int> { ["bad_plan"] = 5, ["number_not_grounded"] = 1, ["number_not_read"] = 1, ["region_not_found"] = 1, ["text_not_read"] = 1, ["tool_failed"] = 1, ["wrong_answer"] = 1 },
            reasons);
        var fuel = report.GetProperty("categories").GetProperty("fuel");
        Assert.Equal((10, 1), (fuel.GetProperty("items").GetInt32(), fuel.GetProperty("kept").GetInt32()));
        Assert.Equal(1, report.GetProperty("categories").GetProperty("depth").GetProperty("dropped").GetProperty("region_not_found").GetInt32());
        var badLines = report.GetProperty("examples").GetProperty("bad_plan").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()).Order();
        Assert.Equal([7, 8, 9, 10, 11], badLines);
        var number = report.GetProperty("examples").GetProperty("number_not_read")[0];
        Assert.Equal("number", number.GetProperty("id").GetString());
        Assert.Contains("expected 6.33", number.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("5.75", report.GetProperty("examples").GetProperty("number_not_grounded")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("ZeroDivisionError", report.GetProperty("examples").GetProperty("tool_failed")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("13 items, 2 kept, 11 dropped (bad_plan 5, number_not_grounded 1, number_not_read 1, region_not_found 1, text_not_read 1, tool_failed 1, wrong_answer 1)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Boxes_come_from_the_ocr_regions_the_model_saw_and_closer_compares_their_depths()
    {
        File.WriteAllText(Items, """
            {"id": "depth-1", "images": ["signs-b-d.png"], "category": "depth", "question": "Which sign is closer to the camera, B or D?", "answer": "D", "plan": [{"thought": "I find the signs.", "action": "OCR", "arguments": {"image": "image-0"}, "expect": {"regions": ["B", "D"]}}, {"thought": "Depth of sign B.", "action": "EstimateRegionDepth", "arguments": {"image": "image-0", "bbox": "{box:B}"}}, {"thought": "Depth of sign D.", "action": "EstimateRegionDepth", "arguments": {"image": "image-0", "bbox": "{box:D}"}}, {"thought": "B is at {obs[1].depth} and D at {obs[2].depth}, so {closer:B=1,D=2} is closer.", "action": "Terminate", "arguments": {"answer": "{closer:B=1,D=2}"}}]}
            {"id": "zoom-1", "images": ["price-board.png"], "category": "zoom", "question": "What does the juice cost?", "answer": "5.00", "plan": [{"thought": "Where is the juice?", "action": "OCR", "arguments": {"image": "image-0"}}, {"thought": "I zoom in on it.", "action": "ZoomIn", "arguments": {"image": "image-0", "bbox": "{box:juice}", "zoom_factor": 2}}, {"thought": "I read the zoomed image.", "action": "OCR", "arguments": {"image": "image-1"}, "expect": {"text": ["Juice"]}}, {"thought": "The juice costs 5.00.", "action": "Terminate", "arguments": {"answer": "5.00"}}]}
            """);

        var (code, error) = Synth("--profile", "taco-tiny");

        Assert.True(code == ExitCodes.Success, error);
        var conversations = Conversations();
        Assert.Equal(2, conversations.Count);
        var depth = conversations[0].GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("text").GetString()!).ToList();
        Assert.StartsWith("OBSERVATION:\n{'regions': [{'bbox': [0.19, 0.19, 0.27, 0.32], 'text': 'B'}, {'bbox': [0.62, 0.32, 0.75, 0.53], 'text': 'D'}], 'text': 'B\\nD'}\n", depth[2], StringComparison.Ordinal);
        Assert.Contains("\"bbox\": [0.19, 0.19, 0.27, 0.32]", depth[3], StringComparison.Ordinal);
        Assert.Contains("\"bbox\": [0.62, 0.32, 0.75, 0.53]", depth[5], StringComparison.Ordinal);
        Assert.Equal("""{"thought": "B is at 0.99 and D at 0.56, so D is closer.", "actions": [{"name": "Terminate", "arguments": {"answer": "D"}}]}""", depth[^1]);

        var zoom = conversations[1];
        Assert.Contains("\"bbox\": [0.1, 0.52, 0.29, 0.61]", zoom.GetProperty("messages")[3].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(["../" + Board, "conversations.images/zoom-1-image-1.png"], zoom.GetProperty("images").EnumerateArray().Select(i => i.GetString()));
        var zoomed = ImageDecoder.Decode(Path.Combine(_temp.Path, "out", "conversations.images", "zoom-1-image-1.png"));
        Assert.True(zoomed.Width > 100, $"{zoomed.Width}×{zoomed.Height}");
        var markers = zoom.GetProperty("messages").EnumerateArray().Sum(m => m.GetProperty("text").GetString()!.Split("<image>").Length - 1);
        Assert.Equal(2, markers);
    }

    [Fact]
    public void An_existing_output_is_refused_without_overwrite_and_replaced_with_it()
    {
        File.WriteAllText(Items, Fuel("fuel-1") + "\n");
        Assert.Equal(ExitCodes.Success, Synth().Code);
        File.WriteAllText(Out, "earlier work\n");

        var (code, error) = Synth();

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"taco: {Out} already exists: pass --overwrite to replace the output, its report and its images.\n", error.ReplaceLineEndings("\n"));
        Assert.Equal("earlier work\n", File.ReadAllText(Out));
        Assert.Equal(ExitCodes.Success, Synth("--overwrite").Code);
        Assert.Single(Conversations());
    }

    [Fact]
    public void The_output_is_never_the_items_file_or_an_image_they_name_however_it_is_spelled()
    {
        File.WriteAllText(Items, Fuel("fuel-1") + "\n");
        var itemsBefore = File.ReadAllText(Items);
        var boardBytes = File.ReadAllBytes(Path.Combine(_temp.Path, Board));
        var link = Path.Combine(_temp.Path, "elsewhere", "board-link.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, Path.Combine(_temp.Path, Board));

        foreach (var (output, what) in new[]
        {
            (Items, "the items file"),
            (Path.Combine(_temp.Path, "out", "..", "items.jsonl"), "the items file"),
            (link, "an image the items name"),
        })
        {
            var (code, _, error) = CliRunner.InProcess("synth", Items, "-o", output, "--overwrite");
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains($" is {what}", error, StringComparison.Ordinal);
        }

        Assert.Equal(itemsBefore, File.ReadAllText(Items));
        Assert.Equal(boardBytes, File.ReadAllBytes(Path.Combine(_temp.Path, Board)));
        Assert.False(File.Exists(Items + ".report.json"));
    }

    [Fact]
    public void A_missing_items_file_is_bad_input()
    {
        var (code, error) = Synth();
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith($"taco: cannot read the items {Items}", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Out));
    }
}
