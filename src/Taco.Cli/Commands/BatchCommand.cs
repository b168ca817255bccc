using System.CommandLine;
using System.Globalization;
using Taco.Cli.Infrastructure;

namespace Taco.Cli.Commands;

/// <summary>
/// <c>taco batch &lt;folder | file.jsonl | file.csv&gt;</c>: answers every item with one loaded model,
/// several at a time, appending one JSON line per finished item to the output (resumable,
/// shardable); progress on standard error.
/// </summary>
internal static class BatchCommand
{
    private static readonly Argument<string> Input = new("input")
    {
        Description = "A folder of images (with --question), or a .jsonl / .csv file of items: id, image (or images), question.",
    };

    internal static Option<string?> Question { get; } = new("--question", "-q") { Description = "The question for every image (items in a file may carry their own)." };

    private static readonly Option<FileInfo?> Output = new("--output", "-o") { Description = "The JSON Lines output (default: <input>.answers.jsonl next to the input)." };

    internal static Option<bool> Resume { get; } = new("--resume") { Description = "Continue an existing output: skip the ids it already has (a torn last line is dropped and redone)." };

    internal static Option<bool> Overwrite { get; } = new("--overwrite") { Description = "Replace an existing output." };

    internal static Option<bool> RetryFailed { get; } = new("--retry-failed") { Description = "Resume, and also run again the items whose earlier result failed (their failed lines are replaced)." };

    internal static Option<int?> Concurrency { get; } = new("--concurrency", "-j") { Description = "Items answered at once, sharing one loaded model (default: the number of cores)." };

    private static readonly Option<string?> ShardOption = new("--shard") { Description = "Answer only part i of n of the input (e.g. 2/4): every n-th item, for spreading one input over machines." };

    public static Command Create()
    {
        var command = new Command("batch", "Answer a question about every image of a folder, or every item of a .jsonl / .csv file; one JSON line per item.");
        command.Arguments.Add(Input);
        foreach (var option in new Option[] { Question, Output, Resume, RetryFailed, Overwrite, Concurrency, ShardOption })
        {
            command.Options.Add(option);
        }

        AgentRunOptions.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(parse, ct));
        return command;
    }

    /// <summary><c>photos/</c> → <c>photos.answers.jsonl</c> beside it; <c>items.jsonl</c> → <c>items.answers.jsonl</c>.</summary>
    internal static string DefaultOutput(string input, Shard? shard)
    {
        var full = Path.GetFullPath(input).TrimEnd(Path.DirectorySeparatorChar);
        var stem = Directory.Exists(full) ? full : Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full));
        var part = shard is { } s ? string.Create(CultureInfo.InvariantCulture, $".shard-{s.Index}-of-{s.Count}") : string.Empty;
        return stem + ".answers" + part + ".jsonl";
    }

    /// <summary>The files a batch or eval run reads: the item file (not a folder) and every image its items name.</summary>
    internal static InputFiles InputsOf(string input, IEnumerable<BatchItem> items)
    {
        var inputs = new InputFiles();
        if (File.Exists(input))
        {
            inputs.Add(input, "the input file");
        }

        inputs.AddRange(items.SelectMany(i => i.Images), "an image of the items");
        return inputs;
    }

    internal static int ReadConcurrency(OptionValues values) => values.Get(Concurrency) switch
    {
        null => Environment.ProcessorCount,
        < 1 => throw new CliException(ExitCodes.BadInput, $"{values.SourceOf(Concurrency)} must be at least 1."),
        var n => n.Value,
    };

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var context = TacoApp.CreateContext(parse);
        using var cancellation = context.LogCancellation(cancellationToken);
        var values = context.Values;
        var input = parse.GetValue(Input)!;
        var items = BatchInput.Read(input, values.Get(Question));
        if (items.Count == 0)
        {
            throw new CliException(
                ExitCodes.BadInput,
                Directory.Exists(input) ? $"{input} has no image files (.png, .jpg, .webp, …); nothing to answer." : $"{input} has no items; nothing to answer.");
        }

        Shard? shard = values.Get(ShardOption) is { } shardText ? Shard.Parse(shardText) : null;
        if (shard is { } part)
        {
            items = part.Select(items);
        }

        var concurrency = ReadConcurrency(values);
        var settings = AgentRunOptions.Read(values);
        var outputPath = parse.GetValue(Output)?.FullName ?? DefaultOutput(input, shard);
        var inputs = InputsOf(input, items);
        inputs.CheckOutput(outputPath, "give another --output");
        if (settings.TraceDirectory is { } traceDir)
        {
            inputs.CheckOutputFolder(traceDir, "give another --trace-dir");
            OutputFolder.Prepare(traceDir, "--trace-dir");
        }

        using var log = ResultLog.Open(outputPath, parse.GetValue(Resume), parse.GetValue(Overwrite), parse.GetValue(RetryFailed));
        var summary = await BatchExecution.RunAsync(context, settings, items, log, concurrency, cancellationToken).ConfigureAwait(false);
        return summary.ExitCode;
    }
}
