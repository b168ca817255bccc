using System.CommandLine;
using System.Globalization;
using System.Text;
using Taco.Agent.Evaluation;
using Taco.Cli.Infrastructure;

namespace Taco.Cli.Commands;

/// <summary>
/// <c>taco eval &lt;items.jsonl&gt;</c>: answers items that carry gold answers (as <c>batch</c> does,
/// predictions saved as they finish), scores them and writes Markdown, JSON and JUnit reports;
/// <c>--min-accuracy</c> turns a low score into exit 5 for CI.
/// </summary>
internal static class EvalCommand
{
    public const string PredictionsFile = "predictions.jsonl";
    public const string MarkdownFile = "report.md";
    public const string JsonFile = "report.json";
    public const string JUnitFile = "junit.xml";

    private static readonly Argument<string> Input = new("input")
    {
        Description = "A .jsonl (or .csv) file of items: id, image (or images), question, answer; optional category, answer_type (exact, numeric, choice, vqa), choices, tolerance.",
    };

    private static readonly Option<DirectoryInfo?> ReportDir = new("--report-dir") { Description = "Where predictions.jsonl, report.md, report.json and junit.xml go (default: <input>.eval next to the input)." };

    private static readonly Option<double?> MinAccuracy = new("--min-accuracy") { Description = "Exit 5 (BelowThreshold) when the accuracy (0 to 1) is below this." };

    private static readonly Option<double> NumericTolerance = new("--numeric-tolerance")
    {
        Description = "Relative tolerance for numeric answers (an item's own \"tolerance\" is absolute and wins).",
        DefaultValueFactory = _ => 0.01,
    };

    private static readonly Option<bool> Resume = new("--resume") { Description = "Keep the predictions already in the report directory and answer only the rest." };

    private static readonly Option<bool> Overwrite = new("--overwrite") { Description = "Replace the predictions already in the report directory." };

    public static Command Create()
    {
        var command = new Command("eval", "Answer items with gold answers, score them (exact, numeric, multiple choice, VQA) and write Markdown, JSON and JUnit reports.");
        command.Arguments.Add(Input);
        foreach (var option in new Option[] { ReportDir, MinAccuracy, NumericTolerance, Resume, BatchCommand.RetryFailed, Overwrite, BatchCommand.Concurrency })
        {
            command.Options.Add(option);
        }

        AgentRunOptions.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(parse, ct));
        return command;
    }

    internal static string DefaultReportDir(string input)
    {
        var full = Path.GetFullPath(input);
        return Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + ".eval");
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var context = TacoApp.CreateContext(parse);
        using var cancellation = context.LogCancellation(cancellationToken);
        var values = context.Values;
        var input = parse.GetValue(Input)!;
        if (Directory.Exists(input))
        {
            throw new CliException(ExitCodes.BadInput, $"{input} is a folder; eval needs a .jsonl or .csv file of items with gold answers.");
        }

        var minAccuracy = values.Get(MinAccuracy);
        if (minAccuracy is < 0 or > 1)
        {
            throw new CliException(ExitCodes.BadInput, "--min-accuracy is a fraction from 0 to 1 (e.g. 0.8).");
        }

        var tolerance = values.Get(NumericTolerance);
        if (tolerance < 0)
        {
            throw new CliException(ExitCodes.BadInput, "--numeric-tolerance must be 0 or more.");
        }

        var items = BatchInput.Read(input, question: null);
        if (items.Count == 0)
        {
            throw new CliException(ExitCodes.BadInput, $"{input} has no items; nothing to evaluate.");
        }

        var golds = items.Select(i =>
        {
            try
            {
                return EvalItem.FromJson(i.Id, i.Fields);
            }
            catch (FormatException e)
            {
                throw new CliException(ExitCodes.BadInput, $"{i.Where}: item \"{i.Id}\" {e.Message}.");
            }
        }).ToList();

        var concurrency = BatchCommand.ReadConcurrency(values);
        var settings = AgentRunOptions.Read(values);
        var reportDir = values.Get(ReportDir)?.FullName ?? DefaultReportDir(input);
        var inputs = BatchCommand.InputsOf(input, items);
        foreach (var file in new[] { PredictionsFile, MarkdownFile, JsonFile, JUnitFile })
        {
            inputs.CheckOutput(Path.Combine(reportDir, file), "give another --report-dir");
        }

        if (settings.TraceDirectory is { } traceDir)
        {
            inputs.CheckOutputFolder(traceDir, "give another --trace-dir");
            OutputFolder.Prepare(traceDir, "--trace-dir");
        }

        OutputFolder.Prepare(reportDir, "--report-dir");
        BatchTotals totals;
        IReadOnlyList<BatchResult> results;
        var predictionsPath = Path.Combine(reportDir, PredictionsFile);
        using (var log = ResultLog.Open(predictionsPath, parse.GetValue(Resume), parse.GetValue(Overwrite), parse.GetValue(BatchCommand.RetryFailed)))
        {
            totals = await BatchExecution.RunAsync(context, settings, items, log, concurrency, cancellationToken).ConfigureAwait(false);
        }

        if (totals.ThisRun.Cancelled)
        {
            return ExitCodes.Cancelled;
        }

        results = [.. File.ReadLines(predictionsPath).Select(ResultLog.ParseLine).OfType<BatchResult>()];
        var report = EvalReport.Build(golds, results, new AnswerScorer { RelativeTolerance = tolerance });
        var title = Path.GetFileName(input);
        Write(Path.Combine(reportDir, MarkdownFile), w => EvalReportWriter.WriteMarkdown(report, title, w));
        Write(Path.Combine(reportDir, JsonFile), w => EvalReportWriter.WriteJson(report, w));
        Write(Path.Combine(reportDir, JUnitFile), w => EvalReportWriter.WriteJUnit(report, "taco eval " + title, DateTime.UtcNow, w));

        var inv = CultureInfo.InvariantCulture;
        context.Output.WriteLine(string.Create(inv, $"accuracy {report.Accuracy:0.0000} ({report.Correct} of {report.Count} correct, {report.NoAnswer} without an answer, {report.Failed} failed)"));
        foreach (var c in report.Categories)
        {
            context.Output.WriteLine(string.Create(inv, $"  {TerminalText.Safe(c.Name)}: {c.Accuracy:0.0000} ({c.Correct} of {c.Items})"));
        }

        context.Output.WriteLine($"reports: {Path.Combine(reportDir, MarkdownFile)}, {JsonFile}, {JUnitFile}");
        if (minAccuracy is { } bar && report.Accuracy < bar)
        {
            context.Error.WriteLine(string.Create(inv, $"taco: accuracy {report.Accuracy:0.0000} is below --min-accuracy {bar:0.####}"));
            return ExitCodes.BelowThreshold;
        }

        return totals.Failed > 0 ? ExitCodes.ItemsFailed : ExitCodes.Success;
    }

    private static void Write(string path, Action<TextWriter> write)
    {
        try
        {
            using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
            write(writer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.IoError, $"the report {path} cannot be written: {e.Message}");
        }
    }
}
