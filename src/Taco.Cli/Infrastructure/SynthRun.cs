using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Taco.Agent.Caching;
using Taco.Agent.Evaluation;
using Taco.Agent.Models;
using Taco.Agent.Protocol;
using Taco.Agent.Synthesis;
using Taco.Imaging;
using Taco.Tools;

namespace Taco.Cli.Infrastructure;

/// <summary>
/// One <c>taco synth</c> run: the items read and checked up front (a bad line is counted, never fatal;
/// an output that is an input, or exists without --overwrite, is bad input before anything runs), then
/// the plans run several at a time, kept conversations written in input order, one flushed line each.
/// </summary>
internal sealed class SynthRun
{
    private readonly List<Entry> _entries;
    private readonly string _outputPath;
    private readonly string _imagesDirectory;
    private readonly ProtocolProfile _profile;
    private readonly SynthReport _report;

    private SynthRun(List<Entry> entries, string outputPath, ProtocolProfile profile)
    {
        _entries = entries;
        _outputPath = outputPath;
        _imagesDirectory = ImagesDirectoryFor(outputPath);
        _profile = profile;
        _report = new SynthReport(profile.Name);
    }

    public static string ReportPathFor(string output) => output + ".report.json";

    /// <summary><c>out/train.jsonl</c> → <c>out/train.images</c>.</summary>
    public static string ImagesDirectoryFor(string output) =>
        Path.Combine(Path.GetDirectoryName(output)!, Path.GetFileNameWithoutExtension(output) + ".images");

    public static SynthRun Prepare(string itemsPath, string outputPath, ProtocolProfile profile, bool overwrite)
    {
        if (Directory.Exists(itemsPath))
        {
            throw new CliException(ExitCodes.BadInput, $"{itemsPath} is a directory; give a .jsonl file of items.");
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(itemsPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.BadInput, $"cannot read the items {itemsPath}: {e.Message}");
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(itemsPath))!;
        var entries = new List<Entry>();
        var firstLineOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var number = i + 1;
            try
            {
                var item = SynthItem.Parse(lines[i], baseDirectory, number);
                entries.Add(firstLineOf.TryAdd(item.Id, number)
                    ? new Entry(number, item, item.Category, null)
                    : new Entry(number, null, item.Category, string.Create(CultureInfo.InvariantCulture, $"line {number}: id {item.Id} is also on line {firstLineOf[item.Id]}")));
            }
            catch (FormatException e)
            {
                entries.Add(new Entry(number, null, CategoryOf(lines[i]), string.Create(CultureInfo.InvariantCulture, $"line {number} {e.Message}")));
            }
        }

        if (entries.Count == 0)
        {
            throw new CliException(ExitCodes.BadInput, $"{itemsPath} has no items; nothing to synthesize.");
        }

        CheckOutputs(itemsPath, outputPath, entries, overwrite);
        return new SynthRun(entries, outputPath, profile);
    }

    /// <summary>The output, its report and its images never replace an input (compared by file identity), nor anything without --overwrite.</summary>
    private static void CheckOutputs(string itemsPath, string outputPath, List<Entry> entries, bool overwrite)
    {
        var inputs = new InputFiles();
        inputs.Add(itemsPath, "the items file");
        inputs.AddRange(entries.Where(e => e.Item is not null).SelectMany(e => e.Item!.Images), "an image the items name");
        const string Remedy = "give another --output";
        inputs.CheckOutput(outputPath, Remedy);
        inputs.CheckOutput(ReportPathFor(outputPath), Remedy);
        var images = ImagesDirectoryFor(outputPath);
        inputs.CheckOutputFolder(images, Remedy);
        var written = new List<string> { outputPath, ReportPathFor(outputPath) };
        if (Directory.Exists(images))
        {
            written.AddRange(Directory.EnumerateFiles(images));
        }

        if (Directory.Exists(outputPath))
        {
            throw new CliException(ExitCodes.BadInput, $"the output {outputPath} is a directory; give a file name.");
        }

        if (!overwrite && written.FirstOrDefault(File.Exists) is { } existing)
        {
            throw new CliException(ExitCodes.BadInput, $"{existing} already exists: pass --overwrite to replace the output, its report and its images.");
        }
    }

    public async Task<int> ExecuteAsync(ToolRegistry tools, int concurrency, TextWriter error, bool interactive, CancellationToken cancellationToken)
    {
        var synthesizer = new TraceSynthesizer(tools, _profile, new ToolResultCache());
        var clock = Stopwatch.StartNew();
        var progress = new SynthProgress(error, interactive, _entries.Count, _report, clock);
        if (Path.GetDirectoryName(_outputPath) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        FileStream stream;
        try
        {
            stream = new FileStream(_outputPath, FileMode.Create, FileAccess.Write, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.IoError, $"the output {_outputPath} cannot be written: {e.Message}");
        }

        var cancelled = false;
        var failed = 0;
        await using (stream.ConfigureAwait(false))
        {
            var writer = new OrderedLines(stream, _entries.Count);
            var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
            try
            {
                await Parallel.ForEachAsync(Enumerable.Range(0, _entries.Count), options, async (index, token) =>
                {
                    var entry = _entries[index];
                    string? line = null;
                    if (entry.Item is not { } item)
                    {
                        _report.Add(entry.Category, DropReasons.BadPlan, null, entry.Line, entry.Error);
                    }
                    else
                    {
                        var trace = await RunOneAsync(synthesizer, item, token).ConfigureAwait(false);
                        if (trace.DropReason == InternalError)
                        {
                            Interlocked.Increment(ref failed);
                        }

                        line = trace.Kept ? Conversation(trace, SaveToolImages(trace)) : null;
                        _report.Add(entry.Category, trace.DropReason, item.Id, entry.Line, trace.Detail);
                    }

                    writer.Put(index, line);
                    progress.Done();
                }).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
            }
        }

        progress.Finish();
        var reportPath = ReportPathFor(_outputPath);
        _report.Write(reportPath, clock.Elapsed.TotalSeconds, cancelled);
        error.WriteLine($"taco: synth ({_profile.Name}): {_report.Summary()}");
        error.WriteLine($"taco: {_report.Kept} conversations in {_outputPath}; report in {reportPath}");
        if (cancelled)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        return failed > 0 ? ExitCodes.InternalError : ExitCodes.Success;
    }

    /// <summary>A drop reason for a bug in taco met while running one item (exit 70 at the end; the others still run).</summary>
    internal const string InternalError = "internal_error";

    private static async Task<SynthTrace> RunOneAsync(TraceSynthesizer synthesizer, SynthItem item, CancellationToken token)
    {
        try
        {
            var images = item.Images.Select(CliImages.Load).ToList();
            return await synthesizer.RunAsync(item, images, token).ConfigureAwait(false);
        }
        catch (ImageDecodeException e)
        {
            return TraceSynthesizer.Dropped(item, DropReasons.BadPlan, e.Message.ReplaceLineEndings(" "));
        }
        catch (CliException e) when (e.ExitCode == ExitCodes.BadInput)
        {
            return TraceSynthesizer.Dropped(item, DropReasons.BadPlan, e.Message);
        }
#pragma warning disable CA1031 // one item's bug is counted in the report; the run goes on
        catch (Exception e) when (e is not OperationCanceledException and not CliException)
#pragma warning restore CA1031
        {
            return TraceSynthesizer.Dropped(item, InternalError, $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>Writes each image a tool made and the model was shown as <c>&lt;images&gt;/&lt;id&gt;-image-N.png</c>; returns every shown image's file.</summary>
    private Dictionary<ImageRef, string> SaveToolImages(SynthTrace trace)
    {
        var files = new Dictionary<ImageRef, string>();
        foreach (var image in trace.Messages.SelectMany(m => m.Images).Distinct())
        {
            if (image.Index < trace.Item.Images.Length)
            {
                files[image] = trace.Item.Images[image.Index];
                continue;
            }

            Directory.CreateDirectory(_imagesDirectory);
            var path = Path.Combine(_imagesDirectory, BatchRunner.TraceFolderName(trace.Item.Id) + "-" + image.Name + ".png");
            File.WriteAllBytes(path, ImageEncoder.EncodePng(trace.Images!.GetPixels(image)));
            files[image] = path;
        }

        return files;
    }

    private string Conversation(SynthTrace trace, Dictionary<ImageRef, string> files)
    {
        var outputDirectory = Path.GetDirectoryName(_outputPath)!;
        var images = new JsonArray();
        foreach (var image in trace.Messages.SelectMany(m => m.Images))
        {
            images.Add(Path.GetRelativePath(outputDirectory, files[image]).Replace('\\', '/'));
        }

        var messages = new JsonArray();
        if (trace.SystemPrompt is { } system)
        {
            messages.Add(new JsonObject { ["role"] = "system", ["text"] = system });
        }

        foreach (var message in trace.Messages)
        {
            messages.Add(new JsonObject
            {
                ["role"] = message.Role == ChatRole.User ? "user" : "assistant",
                ["text"] = message.Text,
            });
        }

        var line = new JsonObject
        {
            ["id"] = trace.Item.Id,
            ["category"] = trace.Item.Category,
            ["question"] = trace.Item.Question,
            ["answer"] = trace.Answer,
            ["gold"] = trace.Item.GoldNode?.DeepClone(),
            ["answer_type"] = AnswerScorer.TypeOf(trace.Item.Gold).ToString().ToLowerInvariant(),
            ["profile"] = _profile.Name,
            ["images"] = images,
            ["messages"] = messages,
        };
        return line.ToJsonString(CliJson.Options);
    }

    private static string CategoryOf(string line)
    {
        try
        {
            return JsonNode.Parse(line) is JsonObject o && o["category"] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } c
                ? c
                : EvalItem.Uncategorized;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return EvalItem.Uncategorized;
        }
    }

    private sealed record Entry(int Line, SynthItem? Item, string Category, string? Error);

    /// <summary>Lines written in input order as soon as every earlier item is done, each flushed (a killed run keeps a whole prefix).</summary>
    private sealed class OrderedLines(FileStream stream, int count)
    {
        private readonly Lock _gate = new();
        private readonly string?[] _lines = new string?[count];
        private readonly bool[] _done = new bool[count];
        private int _next;

        public void Put(int index, string? line)
        {
            lock (_gate)
            {
                _lines[index] = line;
                _done[index] = true;
                while (_next < count && _done[_next])
                {
                    if (_lines[_next] is { } text)
                    {
                        stream.Write(Encoding.UTF8.GetBytes(text + "\n"));
                        stream.Flush();
                        _lines[_next] = null;
                    }

                    _next++;
                }
            }
        }
    }
}
