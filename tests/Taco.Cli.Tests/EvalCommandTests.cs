using System.Text.Json;
using System.Xml;
using System.Xml.Schema;
using Taco.Cli.Commands;

namespace Taco.Cli.Tests;

public sealed class EvalCommandTests : IDisposable
{
    private readonly BatchFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_real_run_writes_markdown_json_and_a_valid_junit_report_and_min_accuracy_flips_the_exit_code()
    {
        var items = _fixture.Items(3, extra: i => new() { ["answer"] = i == 0 ? "3.65" : "red", ["category"] = i == 0 ? "prices" : "colours" });
        File.AppendAllText(items, "{\"id\": \"gone\", \"image\": \"missing.png\", \"question\": \"q?\", \"answer\": \"x\"}\n");
        var reportDir = Path.Combine(_fixture.Root, "report");

        var (code, output, error) = CliRunner.InProcess(["eval", items, "--report-dir", reportDir, .. BatchFixture.Model()]);

        // The random model is right by chance at most; the missing image is a failed item (exit 7).
        Assert.True(code == ExitCodes.ItemsFailed, $"exit {code}: {error}");
        Assert.StartsWith("accuracy ", output, StringComparison.Ordinal);
        foreach (var file in new[] { "report.md", "report.json", "junit.xml", "predictions.jsonl" })
        {
            Assert.True(File.Exists(Path.Combine(reportDir, file)), file);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(reportDir, "report.json")));
        Assert.Equal(4, json.RootElement.GetProperty("summary").GetProperty("count").GetInt32());
        var gone = json.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "gone");
        Assert.Equal("failed", gone.GetProperty("status").GetString());
        Assert.Equal(["colours", "prices", "uncategorized"], json.RootElement.GetProperty("categories").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Empty(ValidateJUnit(Path.Combine(reportDir, "junit.xml")));
        Assert.Contains("# taco eval: items.jsonl", File.ReadAllText(Path.Combine(reportDir, "report.md")), StringComparison.Ordinal);

        var accuracy = json.RootElement.GetProperty("summary").GetProperty("accuracy").GetDouble();
        var (above, _, aboveError) = CliRunner.InProcess(["eval", items, "--report-dir", reportDir, "--resume", "--min-accuracy", "1", .. BatchFixture.Model()]);
        Assert.True(accuracy < 1, "the random model cannot be right about a missing image");
        Assert.True(above == ExitCodes.BelowThreshold, $"exit {above}: {aboveError}");
        Assert.Contains("is below --min-accuracy 1", aboveError, StringComparison.Ordinal);
    }

    [Fact]
    public void Min_accuracy_flips_the_exit_code_at_the_bar_on_recorded_predictions()
    {
        // Four items, predictions recorded as a batch writes them: two right, one wrong, one without an answer.
        var items = _fixture.Items(4, extra: i => new() { ["answer"] = new[] { "3.65", "B", "stop", "7" }[i], ["choices"] = i == 1 ? new[] { "diesel", "regular" } : null });
        var reportDir = Path.Combine(_fixture.Root, "report");
        Directory.CreateDirectory(reportDir);
        string[] answers = ["$3.65", "(B) regular", "go", ""];
        File.WriteAllLines(Path.Combine(reportDir, EvalCommand.PredictionsFile), answers.Select((a, i) => JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = $"item-{i:00}",
            ["status"] = a.Length > 0 ? "answered" : "no_answer",
            ["answer"] = a.Length > 0 ? a : null,
            ["question"] = "q",
            ["tools"] = new Dictionary<string, object> { ["OCR"] = new { calls = 1, failures = 0 } },
        })));

        var (atBar, output, error) = CliRunner.InProcess(["eval", items, "--report-dir", reportDir, "--resume", "--min-accuracy", "0.5", .. BatchFixture.Model()]);
        Assert.True(atBar == ExitCodes.Success, $"exit {atBar}: {error}");
        Assert.StartsWith("accuracy 0.5000 (2 of 4 correct, 1 without an answer, 0 failed)", output, StringComparison.Ordinal);
        Assert.Contains("4 item(s) already done, 0 to go", error, StringComparison.Ordinal);

        var (aboveBar, _, aboveError) = CliRunner.InProcess(["eval", items, "--report-dir", reportDir, "--resume", "--min-accuracy", "0.51", .. BatchFixture.Model()]);
        Assert.Equal(ExitCodes.BelowThreshold, aboveBar);
        Assert.Contains("taco: accuracy 0.5000 is below --min-accuracy 0.51", aboveError, StringComparison.Ordinal);

        var markdown = File.ReadAllText(Path.Combine(reportDir, "report.md"));
        Assert.Contains("| OCR | 4 | 0 | 4 | 100.0 % |", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"id\": \"a\", \"image\": \"x.png\", \"question\": \"q\"}", "item \"a\" has no gold \"answer\"")]
    [InlineData("{\"id\": \"a\", \"image\": \"x.png\", \"question\": \"q\", \"answer\": \"1\", \"answer_type\": \"fuzzy\"}", "must be exact, numeric, choice or vqa")]
    [InlineData("{\"id\": \"a\", \"image\": \"x.png\", \"question\": \"q\", \"answer\": \"\\ud800\"}", "items.jsonl:1 has a string that is not valid text")]
    [InlineData("{\"id\": \"a\", \"image\": \"x.png\", \"question\": \"q\", \"answer\": \"abc\", \"answer_type\": \"numeric\"}", "items.jsonl:1: item \"a\" is numeric but its gold \"answer\" \"abc\" is not a finite number.")]
    [InlineData("{\"id\": \"a\", \"image\": \"x.png\", \"question\": \"q\", \"answer\": \"Z\", \"choices\": [\"red\", \"blue\"]}", "items.jsonl:1: item \"a\" has the gold \"answer\" \"Z\", which is none of its 2 choices (a letter A to B, or a choice's text).")]
    [InlineData("{\"id\": \"a\", \"image\": \"x.png\", \"question\": \"q\", \"answer\": \"A\", \"answer_type\": \"choice\"}", "items.jsonl:1: item \"a\" is multiple choice but has no \"choices\".")]
    [InlineData("{\"id\": \"a\", \"image\": \"x.png\", \"question\": \"q\", \"answer\": true}", "items.jsonl:1: item \"a\" has a true/false gold \"answer\" (true)")]
    [InlineData("{\"id\": \"a\", \"image\": \"x.png\", \"question\": \"q\", \"answer\": 1e999}", "items.jsonl:1: item \"a\" is numeric but its gold \"answer\" \"1e999\" is not a finite number.")]
    public void Items_without_usable_gold_answers_are_bad_input(string line, string expected)
    {
        var path = Path.Combine(_fixture.Root, "items.jsonl");
        File.WriteAllText(path, line + "\n");
        var (code, _, error) = CliRunner.InProcess(["eval", path, .. BatchFixture.Model()]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Existing_predictions_are_kept_unless_resume_or_overwrite_is_given()
    {
        var items = _fixture.Items(1, extra: _ => new() { ["answer"] = "x" });
        var reportDir = Directory.CreateDirectory(Path.Combine(_fixture.Root, "report")).FullName;
        var predictions = Path.Combine(reportDir, EvalCommand.PredictionsFile);
        File.WriteAllText(predictions, "precious\n");

        var (code, _, error) = CliRunner.InProcess(["eval", items, "--report-dir", reportDir, .. BatchFixture.Model()]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"taco: {predictions} already exists: pass --resume to continue it or --overwrite to start over.\n", error.ReplaceLineEndings("\n"));
        Assert.Equal("precious\n", File.ReadAllText(predictions));

        (code, _, error) = CliRunner.InProcess(["eval", items, "--report-dir", reportDir, "--overwrite", .. BatchFixture.Model()]);
        Assert.True(code == ExitCodes.Success, $"exit {code}: {error}");
        Assert.Equal(["item-00"], BatchFixture.ReadResults(predictions).Select(r => r.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData(EvalCommand.PredictionsFile)]
    [InlineData(EvalCommand.JsonFile)]
    public void No_report_file_is_the_input_file(string name)
    {
        var items = _fixture.Items(1, name: name, extra: _ => new() { ["answer"] = "x" });
        var before = File.ReadAllText(items);

        var (code, _, error) = CliRunner.InProcess(["eval", items, "--report-dir", _fixture.Root, "--overwrite", .. BatchFixture.Model()]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"taco: the output {items} is the input file; give another --report-dir.\n", error.ReplaceLineEndings("\n"));
        Assert.Equal(before, File.ReadAllText(items));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void An_item_file_without_items_is_bad_input(string content)
    {
        var path = Path.Combine(_fixture.Root, "items.jsonl");
        File.WriteAllText(path, content);
        var (code, output, error) = CliRunner.InProcess(["eval", path, .. BatchFixture.Model()]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"taco: {path} has no items; nothing to evaluate.\n", error.ReplaceLineEndings("\n"));
        Assert.False(Directory.Exists(EvalCommand.DefaultReportDir(path)));
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    public void Min_accuracy_outside_zero_to_one_is_bad_input(string value)
    {
        var items = _fixture.Items(1, extra: _ => new() { ["answer"] = "x" });
        var (code, _, error) = CliRunner.InProcess(["eval", items, "--min-accuracy", value, .. BatchFixture.Model()]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--min-accuracy is a fraction from 0 to 1", error, StringComparison.Ordinal);
    }

    internal static List<string> ValidateJUnit(string path)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Fixtures", "junit.xsd"));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity}: {e.Message}");
        using var reader = XmlReader.Create(path, settings);
        while (reader.Read())
        {
        }

        return errors;
    }
}
