using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Taco.Agent.Replay;
using Taco.Agent.Runs;
using Taco.Agent.Tests.Doubles;
using Taco.Agent.Tests.Runs;
using Taco.Agent.Tracing;
using Taco.Imaging;
using Taco.Tests.Shared;
using Taco.Tools;
using Taco.Tools.Calculate;

namespace Taco.Agent.Tests.Tracing;

public sealed class TraceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "taco-agent-trace-" + Guid.NewGuid().ToString("N"));

    private static readonly string[] Script =
    [
        "{\"thought\": \"flip it\", \"actions\": [{\"name\": \"Crop\", \"arguments\": {\"image\": \"image-0\"}}]}",
        "not json",
        "{\"thought\": \"divide\", \"actions\": [{\"name\": \"Calculate\", \"arguments\": {\"expression\": \"50 / 3.65\"}}]}",
        "{\"thought\": \"done\", \"actions\": [{\"name\": \"Terminate\", \"arguments\": {\"answer\": \"13.7 gallons, ünïcode ok\"}}]}",
    ];

    private static ToolRegistry Tools() => new ToolRegistry().Add(new CalculateTool()).Add(new FlipImageToolDouble());

    private async Task<AgentOutcome> RunTracedAsync(RgbImage input)
    {
        await using var writer = new JsonlTraceWriter(_dir, writeInputImages: true);
        return await new CotaAgent(new ScriptedActionModel(Script), Tools()).RunAsync([input], "How many gallons?", writer);
    }

    [Fact]
    public async Task Trace_has_one_line_per_step_between_start_and_outcome_and_reads_back()
    {
        var outcome = await RunTracedAsync(Fixtures.Gradient());
        var lines = File.ReadAllLines(Path.Combine(_dir, JsonlTraceWriter.TraceFileName));
        Assert.Equal(2 + Script.Length, lines.Length);
        Assert.StartsWith("{\"type\":\"start\"", lines[0], StringComparison.Ordinal);
        Assert.All(lines[1..^1], l => Assert.StartsWith("{\"type\":\"step\"", l, StringComparison.Ordinal));
        Assert.StartsWith("{\"type\":\"outcome\"", lines[^1], StringComparison.Ordinal);

        var trace = TraceReader.Read(_dir);
        Assert.Equal("How many gallons?", trace.Start.Question);
        Assert.Equal(["Crop", "Calculate", "Terminate"], trace.Start.Actions.ToArray());
        Assert.Equal(outcome.Messages[0].Text, trace.Start.FirstTurn);
        Assert.Equal(AgentExitReason.Answered, trace.Outcome!.ExitReason);
        Assert.Equal("13.7 gallons, ünïcode ok", trace.Outcome.Answer);
        Assert.Equal(outcome.Steps.Length, trace.Steps.Length);
        for (var i = 0; i < outcome.Steps.Length; i++)
        {
            var (live, read) = (outcome.Steps[i], trace.Steps[i]);
            Assert.Equal(live.Kind, read.Kind);
            Assert.Equal(live.ModelText, read.ModelText);
            Assert.Equal(live.Observation, read.Observation);
            Assert.Equal(live.ActionName, read.ActionName);
            Assert.Equal(live.ToolResultRepr, read.ToolResultRepr);
            Assert.Equal(live.ParseError, read.ParseError);
            Assert.Equal(live.NewImages.ToArray(), read.NewImages.ToArray());
            Assert.Equal(live.PrefilledTokens, read.PrefilledTokens);
            Assert.Equal(live.GeneratedTokens, read.GeneratedTokens);
        }

        Assert.Equal("{\"result\":13.698630136986301}", trace.Steps[2].ToolResult!.Value.GetRawText());
        Assert.Equal(["images/image-1.png"], trace.Steps[0].ImageFiles.ToArray());
    }

    [Fact]
    public async Task Recorded_model_texts_replay_to_the_same_observations()
    {
        await RunTracedAsync(Fixtures.Gradient());
        var trace = TraceReader.Read(_dir);
        var replayModel = new ScriptedActionModel([.. trace.Steps.Select(s => s.ModelText)]);
        var replayed = await new CotaAgent(replayModel, Tools()).RunAsync([Fixtures.Gradient()], trace.Start.Question);

        Assert.Equal(trace.Steps.Select(s => s.Observation), replayed.Steps.Select(s => s.Observation));
        Assert.Equal(trace.Outcome!.Answer, replayed.Answer);
    }

    [Fact]
    public async Task Replay_of_an_unchanged_setup_reports_no_differences()
    {
        await RunTracedAsync(Fixtures.Gradient());
        var report = await TraceReplay.RunAsync(TraceReader.Read(_dir), [Fixtures.Gradient()], Tools());
        Assert.True(report.Identical, string.Join("\n", report.Differences));
        Assert.Equal("13.7 gallons, ünïcode ok", report.Replayed.Answer);
    }

    [Fact]
    public async Task Replay_shows_where_a_changed_tool_set_and_another_image_differ()
    {
        await RunTracedAsync(Fixtures.Gradient());

        // Without the image tool, step 1 now fails; a different input image is flagged by its hash.
        var report = await TraceReplay.RunAsync(TraceReader.Read(_dir), [Fixtures.Gradient(6, 6)], new ToolRegistry().Add(new CalculateTool()));
        Assert.Contains(report.Differences, d => d.Field == "image_hashes");
        Assert.Contains(report.Differences, d => d.Field == "system_prompt");
        var step1 = Assert.Single(report.Differences, d => d.Step == 1 && d.Field == "observation");
        Assert.StartsWith("Execution failed with <class 'ValueError'>: Unknown action 'Crop'", step1.Replayed, StringComparison.Ordinal);
        Assert.DoesNotContain(report.Differences, d => d.Step == 3);
    }

    [Fact]
    public async Task Tool_made_images_are_written_as_valid_png_with_the_exact_pixels()
    {
        var input = Fixtures.Gradient(5, 3);
        await RunTracedAsync(input);
        var png = File.ReadAllBytes(Path.Combine(_dir, "images", "image-1.png"));
        var (width, height, colorType, rows) = DecodePng(png);
        Assert.Equal((5, 3, 2), (width, height, colorType));

        // image-1 is image-0 upside down.
        for (var y = 0; y < 3; y++)
        {
            Assert.Equal(input.Row(2 - y).ToArray(), rows[y]);
        }

        Assert.True(File.Exists(Path.Combine(_dir, "images", "image-0.png")));
    }

    [Fact]
    public async Task Outcome_serialises_for_json_output_with_snake_case_and_named_exit_reason()
    {
        var outcome = await RunTracedAsync(Fixtures.Gradient());
        using var doc = System.Text.Json.JsonDocument.Parse(System.Text.Json.JsonSerializer.Serialize(outcome, TraceJson.Options));
        var root = doc.RootElement;
        Assert.Equal("13.7 gallons, ünïcode ok", root.GetProperty("answer").GetString());
        Assert.Equal("answered", root.GetProperty("exit_reason").GetString());
        Assert.Equal(4, root.GetProperty("steps").GetArrayLength());
        Assert.Equal("parse_error", root.GetProperty("steps")[1].GetProperty("kind").GetString());
        Assert.False(root.TryGetProperty("messages", out _));
    }

    [Fact]
    public void Png_crc_matches_the_standard_check_value() =>
        Assert.Equal(0xCBF43926u, PngTraceImageWriter.Crc32(0xffffffffu, "123456789"u8) ^ 0xffffffffu);

    [Fact]
    public async Task A_killed_run_reads_back_without_an_outcome()
    {
        await RunTracedAsync(Fixtures.Gradient());
        var path = Path.Combine(_dir, JsonlTraceWriter.TraceFileName);
        File.WriteAllLines(path, File.ReadAllLines(path)[..^2]);
        var trace = TraceReader.Read(path);
        Assert.Null(trace.Outcome);
        Assert.Equal(Script.Length - 1, trace.Steps.Length);
    }

    [Fact]
    public void Bad_trace_lines_name_the_file_and_line()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "bad.jsonl");
        File.WriteAllText(path, "{\"type\":\"start\",\"question\":\"q\",\"profile\":\"taco\",\"actions\":[],\"image_hashes\":[],\"first_turn\":\"x\",\"max_replies\":10}\n{oops\n");
        var e = Assert.Throws<TraceFormatException>(() => TraceReader.Read(path));
        Assert.Contains(path + " line 2", e.Message, StringComparison.Ordinal);

        File.WriteAllText(path, "{\"type\":\"step\",\"index\":1,\"kind\":\"action\",\"model_text\":\"x\"}\n");
        Assert.Contains("no \"start\" record", Assert.Throws<TraceFormatException>(() => TraceReader.Read(path)).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<TraceFormatException>(() => TraceReader.Read(Path.Combine(_dir, "missing.jsonl"))).Message, StringComparison.Ordinal);
    }

    // Just enough of PNG to check our writer: chunk CRCs, IHDR, zlib IDAT with filter 0.
    private static (int Width, int Height, int ColorType, List<byte[]> Rows) DecodePng(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a }, png[..8]);
        var pos = 8;
        int width = 0, height = 0, colorType = 0;
        var idat = new MemoryStream();
        while (pos < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var type = Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            Assert.Equal(crc, PngTraceImageWriter.Crc32(0xffffffffu, png.AsSpan(pos + 4, 4 + length)) ^ 0xffffffffu);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                colorType = data[9];
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            pos += 12 + length;
        }

        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        var rowBytes = width * 3;
        var rows = new List<byte[]>();
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, bytes[y * (rowBytes + 1)]);
            rows.Add(bytes.AsSpan((y * (rowBytes + 1)) + 1, rowBytes).ToArray());
        }

        return (width, height, colorType, rows);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
