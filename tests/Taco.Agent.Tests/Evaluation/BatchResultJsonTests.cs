using System.Collections.Immutable;
using System.Text.Json;
using Taco.Agent.Evaluation;
using Taco.Agent.Tests.Goldens;
using Taco.Agent.Tracing;

namespace Taco.Agent.Tests.Evaluation;

/// <summary>
/// The batch output and the eval report are files users keep and scripts read: their bytes are pinned.
/// The expected texts were written by the code before <see cref="BatchResult"/> and the eval prediction became one record.
/// </summary>
public sealed class BatchResultJsonTests
{
    private const string FullLine =
        """{"id":"img-01.png","status":"answered","answer":"3.65 €","exit_reason":"answered","answer_from_fallback":true,"error":"<none> & \"quoted\"","question":"What is the price?","images":["a/img-01.png","b.png"],"steps":3,"tools":{"Calculate":{"calls":1,"failures":0},"OCR":{"calls":2,"failures":1}},"prefilled_tokens":812,"generated_tokens":57,"elapsed_milliseconds":1234.5,"trace":"traces/img-01.png"}""";

    private const string MinimalLine =
        """{"id":"x","status":"failed","answer_from_fallback":false,"question":"q","images":[],"steps":0,"tools":{},"prefilled_tokens":0,"generated_tokens":0,"elapsed_milliseconds":0}""";

    [Fact]
    public void A_batch_line_keeps_its_bytes()
    {
        var full = new BatchResult
        {
            Id = "img-01.png",
            Status = BatchResult.Answered,
            Answer = "3.65 €",
            ExitReason = "answered",
            AnswerFromFallback = true,
            Error = "<none> & \"quoted\"",
            Question = "What is the price?",
            Images = ["a/img-01.png", "b.png"],
            Steps = 3,
            Tools = Tools(("OCR", 2, 1), ("Calculate", 1, 0)),
            PrefilledTokens = 812,
            GeneratedTokens = 57,
            ElapsedMilliseconds = 1234.5,
            TraceDirectory = "traces/img-01.png",
        };
        Assert.Equal(FullLine, JsonSerializer.Serialize(full, TraceJson.Options));
        Assert.Equal(MinimalLine, JsonSerializer.Serialize(new BatchResult { Id = "x", Status = BatchResult.Failed, Question = "q" }, TraceJson.Options));
    }

    [Theory]
    [InlineData(FullLine)]
    [InlineData(MinimalLine)]
    public void A_batch_line_reads_back_to_the_same_bytes(string line)
    {
        var read = JsonSerializer.Deserialize<BatchResult>(line, TraceJson.Options);
        Assert.Equal(line, JsonSerializer.Serialize(read, TraceJson.Options));
    }

    [Fact]
    public void The_json_report_keeps_its_bytes()
    {
        EvalItem[] items =
        [
            new() { Id = "p1", Category = "prices", Gold = ["3.65"] },
            new() { Id = "p2", Category = "prices", Gold = ["7.30"] },
            new() { Id = "s1", Category = "signs", Gold = ["stop"] },
            new() { Id = "s2", Category = "signs", Gold = ["yield"] },
            new() { Id = "s3", Category = "signs", Gold = ["go"] },
        ];
        BatchResult[] results =
        [
            new() { Id = "p1", Status = BatchResult.Answered, Question = "q", Answer = "$3.65", Tools = Tools(("OCR", 1, 0)), ElapsedMilliseconds = 1500 },
            new() { Id = "p2", Status = BatchResult.Answered, Question = "q", Answer = "7.3", Tools = Tools(("OCR", 2, 1), ("Calculate", 1, 0)), ElapsedMilliseconds = 2500 },
            new() { Id = "s1", Status = BatchResult.Answered, Question = "q", Answer = "go <fast> & \"now\"\u0001", Tools = Tools(("OCR", 1, 1)), ElapsedMilliseconds = 1000, ExitReason = "answered" },
            new() { Id = "s2", Status = BatchResult.Failed, Question = "q", Error = "Cannot decode image 'x.png'" },
        ];
        var writer = new StringWriter();
        EvalReportWriter.WriteJson(EvalReport.Build(items, results), writer);
        Assert.Equal(Golden.Read("eval-report.json.txt"), writer.ToString());
    }

    private static ImmutableSortedDictionary<string, ToolCalls> Tools(params (string Name, int Calls, int Failures)[] tools) =>
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, tools.Select(t => KeyValuePair.Create(t.Name, new ToolCalls(t.Calls, t.Failures))));
}
