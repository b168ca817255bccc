using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Taco.Agent.Evaluation;

namespace Taco.Agent.Tests.Evaluation;

public sealed class EvalReportTests
{
    private static readonly DateTime When = new(2026, 12, 1, 12, 30, 5, DateTimeKind.Utc);

    /// <summary>Four items: two right (one with OCR, one with Calculate and OCR), one wrong, one failed.</summary>
    private static EvalReport Sample()
    {
        EvalItem[] items =
        [
            new() { Id = "p1", Category = "prices", Gold = ["3.65"] },
            new() { Id = "p2", Category = "prices", Gold = ["7.30"] },
            new() { Id = "s1", Category = "signs", Gold = ["stop"] },
            new() { Id = "s2", Category = "signs", Gold = ["yield"] },
        ];
        BatchResult[] predictions =
        [
            new() { Id = "p1", Status = BatchResult.Answered, Question = "q", Answer = "$3.65", Tools = Tools(("OCR", 1, 0)), ElapsedMilliseconds = 1500 },
            new() { Id = "p2", Status = BatchResult.Answered, Question = "q", Answer = "7.3", Tools = Tools(("OCR", 2, 1), ("Calculate", 1, 0)), ElapsedMilliseconds = 2500 },
            new() { Id = "s1", Status = BatchResult.Answered, Question = "q", Answer = "go <fast> & \"now\"\u0001", Tools = Tools(("OCR", 1, 1)), ElapsedMilliseconds = 1000, ExitReason = "answered" },
            new() { Id = "s2", Status = BatchResult.Failed, Question = "q", Error = "Cannot decode image 'x.png'" },
        ];
        return EvalReport.Build(items, predictions);
    }

    private static System.Collections.Immutable.ImmutableSortedDictionary<string, ToolCalls> Tools(params (string Name, int Calls, int Failures)[] tools) =>
        System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, tools.Select(t => KeyValuePair.Create(t.Name, new ToolCalls(t.Calls, t.Failures))));

    [Fact]
    public void The_report_counts_per_category_and_per_tool()
    {
        var report = Sample();
        Assert.Equal(4, report.Count);
        Assert.Equal(2, report.Correct);
        Assert.Equal(0.5, report.Accuracy);
        Assert.Equal(1, report.Failed);
        Assert.Equal([new CategoryScore("prices", 2, 2, 1.0), new CategoryScore("signs", 2, 0, 0.0)], report.Categories.ToArray());
        Assert.Equal(
            [new ToolUsage("Calculate", 1, 0, 1, 1, 0.5), new ToolUsage("OCR", 4, 2, 3, 2, 1.0)],
            report.Tools.ToArray());
    }

    [Fact]
    public void An_item_without_a_prediction_is_missing_and_scores_zero()
    {
        var report = EvalReport.Build([new EvalItem { Id = "a", Gold = ["x"] }], []);
        Assert.Equal(PredictionStatus.Missing, report.Items[0].Status);
        Assert.Equal(0, report.Accuracy);
        Assert.Equal(1, report.Failed);
    }

    [Fact]
    public void The_junit_report_validates_against_the_junit_schema_and_marks_failures_and_errors()
    {
        var writer = new StringWriter();
        EvalReportWriter.WriteJUnit(Sample(), "taco eval sample.jsonl", When, writer);
        var xml = writer.ToString();
        var errors = Validate(xml);
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + xml);

        var doc = XDocument.Parse(xml);
        Assert.Equal("4", doc.Root!.Attribute("tests")!.Value);
        Assert.Equal("1", doc.Root.Attribute("failures")!.Value);
        Assert.Equal("1", doc.Root.Attribute("errors")!.Value);
        var cases = doc.Descendants("testcase").ToDictionary(c => c.Attribute("name")!.Value);
        Assert.Empty(cases["p1"].Elements());
        Assert.Equal("taco.eval.prices", cases["p1"].Attribute("classname")!.Value);
        Assert.Equal("1.500", cases["p1"].Attribute("time")!.Value);
        Assert.Equal("WrongAnswer", cases["s1"].Element("failure")!.Attribute("type")!.Value);
        Assert.Contains("got go <fast> & \"now\"\uFFFD", cases["s1"].Element("failure")!.Attribute("message")!.Value, StringComparison.Ordinal);
        Assert.Equal("ItemFailed", cases["s2"].Element("error")!.Attribute("type")!.Value);
        Assert.Equal("2026-12-01T12:30:05", doc.Descendants("testsuite").First().Attribute("timestamp")!.Value);
    }

    [Fact]
    public void The_schema_rejects_what_ci_systems_reject()
    {
        // The fixture schema is what makes the test above mean something: it must fail bad reports.
        Assert.NotEmpty(Validate("<testsuites><testsuite tests=\"1\"><testcase name=\"a\"/></testsuite></testsuites>"));
        Assert.NotEmpty(Validate("<testsuites><testsuite name=\"s\" tests=\"one\"/></testsuites>"));
        Assert.NotEmpty(Validate("<testsuites><testsuite name=\"s\" tests=\"1\"><testcase name=\"a\"><failure/><error/></testcase></testsuite></testsuites>"));
        Assert.NotEmpty(Validate("<testsuites><testsuite name=\"s\" tests=\"1\"><testcase/></testsuite></testsuites>"));
        Assert.Empty(Validate("<testsuites><testsuite name=\"s\" tests=\"1\"><testcase name=\"a\"><failure message=\"m\"/></testcase></testsuite></testsuites>"));
    }

    [Fact]
    public void The_json_report_has_summary_categories_tools_and_items()
    {
        var writer = new StringWriter();
        EvalReportWriter.WriteJson(Sample(), writer);
        using var doc = JsonDocument.Parse(writer.ToString());
        var root = doc.RootElement;
        Assert.Equal(0.5, root.GetProperty("summary").GetProperty("accuracy").GetDouble());
        Assert.Equal(2, root.GetProperty("categories").GetArrayLength());
        var ocr = root.GetProperty("tools").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "OCR");
        Assert.Equal(1.0, ocr.GetProperty("share_of_correct").GetDouble());
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["p1", "p2", "s1", "s2"], items.Select(i => i.GetProperty("id").GetString()));
        Assert.Equal("numeric", items[0].GetProperty("answer_type").GetString());
        Assert.Equal("failed", items[3].GetProperty("status").GetString());
    }

    [Fact]
    public void The_markdown_report_lists_categories_tools_and_the_wrong_items()
    {
        var writer = new StringWriter();
        EvalReportWriter.WriteMarkdown(Sample(), "sample.jsonl", writer);
        var md = writer.ToString().ReplaceLineEndings("\n");
        Assert.Contains("**Accuracy 50.0 %** (2 of 4 correct; 0 without an answer; 1 failed)", md, StringComparison.Ordinal);
        Assert.Contains("| prices | 2 | 2 | 100.0 % |", md, StringComparison.Ordinal);
        Assert.Contains("| OCR | 4 | 2 | 3 | 100.0 % |", md, StringComparison.Ordinal);
        Assert.Contains("| s2 | signs | exact | yield | error: Cannot decode image 'x.png' | 0 | failed |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("| p1 |", md, StringComparison.Ordinal);
    }

    internal static List<string> Validate(string xml)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Evaluation", "junit.xsd"));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message}");
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        while (reader.Read())
        {
        }

        return errors;
    }
}
