using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Taco.Agent.Protocol;
using Taco.Agent.Replay;
using Taco.Agent.Runs;
using Taco.Agent.Tracing;
using Taco.Cli.Infrastructure;
using Taco.Imaging;
using Taco.Inference.Models;
using Taco.Tools;

namespace Taco.Cli.Commands;

/// <summary>
/// <c>taco replay</c>: re-runs a trace's recorded model outputs through today's parser,
/// prompts and tools (no model needed) and lists every difference; <c>--render</c> prints
/// the trace for a person instead.
/// </summary>
internal static class ReplayCommand
{
    /// <summary>The replay differs from the recording: its own code, so a script can tell it from "no answer".</summary>
    public const int Differs = ExitCodes.ReplayDiffers;

    private static readonly Argument<string> TracePath = new("trace") { Description = "A trace.jsonl file, or the trace directory holding it." };

    private static readonly Option<FileInfo[]> Images = new("--image", "-i")
    {
        Description = "The input images of the run, in order (default: images/image-N.png beside the trace, written by --trace-dir).",
    };

    private static readonly Option<bool> Render = new("--render") { Description = "Print the trace readably instead of replaying it." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the differences as one JSON object." };

    private static readonly Option<bool> PrintPrompt = new("--print-prompt")
    {
        Description = "Print the exact text the model receives for the replayed trace's first step (its recorded question, profile and actions, through --model's chat template) and exit 0 without replaying.",
    };

    private static readonly Option<DirectoryInfo?> Model = new("--model", "-m")
    {
        Description = "With --print-prompt: the model whose chat template and image placeholder render the prompt; default $TACO_MODEL, \"model\" in taco.json, then the shipped taco-tiny.",
    };

    public static Command Create()
    {
        var command = new Command("replay", "Re-run a trace's model outputs through today's parser and tools and show where anything differs.");
        command.Arguments.Add(TracePath);
        command.Options.Add(Images);
        command.Options.Add(Render);
        command.Options.Add(Json);
        command.Options.Add(PrintPrompt);
        command.Options.Add(Model);
        command.SetAction((parse, ct) => RunAsync(parse, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var context = TacoApp.CreateContext(parse);
        var path = parse.GetValue(TracePath)!;
        var trace = ReadTrace(path);
        if (parse.GetValue(Render) && parse.GetValue(PrintPrompt))
        {
            throw new CliException(ExitCodes.BadInput, "give --render or --print-prompt, not both.");
        }

        if (parse.GetValue(Render))
        {
            RenderTrace(context.Console, trace);
            return ExitCodes.Success;
        }

        var images = LoadImages(path, trace, parse.GetValue(Images) ?? []);
        var registry = CliTools.CreateRegistry(context);
        if (parse.GetValue(PrintPrompt))
        {
            var directory = ModelDirectory.Open(AgentRunOptions.ModelPath(context.Values, Model));
            QuestionRunner.PrintFirstPrompt(context, directory, registry, OptionsFor(trace, registry), images, trace.Start.Question);
            return ExitCodes.Success;
        }

        var report = await TraceReplay.RunAsync(trace, images, registry, OptionsFor(trace, registry), cancellationToken).ConfigureAwait(false);
        if (parse.GetValue(Json))
        {
            var payload = new
            {
                identical = report.Identical,
                steps = trace.Steps.Length,
                replayed_steps = report.Replayed.Steps.Length,
                differences = report.Differences.Select(d => new { step = d.Step, field = d.Field, recorded = d.Recorded, replayed = d.Replayed }),
            };
            context.Output.WriteLine(JsonSerializer.Serialize(payload, CliJson.Options));
        }
        else if (report.Identical)
        {
            context.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"identical: {trace.Steps.Length} steps replayed, answer {Quote(report.Replayed.Answer)} ({report.Replayed.ExitReason.SnakeName()})")));
        }
        else
        {
            context.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{report.Differences.Length} difference(s):")));
            foreach (var d in report.Differences)
            {
                var where = d.Step is { } step ? string.Create(CultureInfo.InvariantCulture, $"step {step} {d.Field}") : d.Field;
                context.Console.MarkupLine($"[bold]{Markup.Escape(where)}[/]");
                context.Console.MarkupLine("  recorded: " + Markup.Escape(Quote(d.Recorded)));
                context.Console.MarkupLine("  replayed: " + Markup.Escape(Quote(d.Replayed)));
            }
        }

        return report.Identical ? ExitCodes.Success : Differs;
    }

    private static Trace ReadTrace(string path)
    {
        try
        {
            return TraceReader.Read(path);
        }
        catch (TraceFormatException e)
        {
            throw new CliException(ExitCodes.BadInput, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.BadInput, $"{path} cannot be read: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static List<RgbImage> LoadImages(string tracePath, Trace trace, FileInfo[] given)
    {
        var count = trace.Start.ImageHashes.Length;
        if (given.Length > 0)
        {
            if (given.Length != count)
            {
                throw new CliException(ExitCodes.BadInput, string.Create(CultureInfo.InvariantCulture, $"the trace has {count} input image(s); {given.Length} given with --image."));
            }

            return [.. given.Select(f => CliImages.Load(f.FullName))];
        }

        var directory = Directory.Exists(tracePath) ? tracePath : Path.GetDirectoryName(Path.GetFullPath(tracePath))!;
        var images = new List<RgbImage>();
        for (var i = 0; i < count; i++)
        {
            var file = Path.Combine(directory, JsonlTraceWriter.ImagesFolder, new ImageRef(i).Name + ".png");
            if (!File.Exists(file))
            {
                throw new CliException(ExitCodes.BadInput, string.Create(CultureInfo.InvariantCulture,
                    $"the trace has {count} input image(s) but {file} does not exist; pass the images with --image."));
            }

            images.Add(CliImages.Load(file));
        }

        return images;
    }

    private static void RenderTrace(IAnsiConsole console, Trace trace)
    {
        console.MarkupLine("[bold]question:[/] " + Markup.Escape(trace.Start.Question));
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"images: {trace.Start.ImageHashes.Length}; actions: {string.Join(", ", trace.Start.Actions)}; profile: {trace.Start.Profile}; max replies: {trace.Start.MaxReplies}")));
        foreach (var step in trace.Steps)
        {
            console.WriteLine();
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"step {step.Index} ({Snake(step.Kind.ToString())})")));
            foreach (var line in StepText.Lines(step))
            {
                console.MarkupLine("  " + Markup.Escape(StepText.Join(line)));
            }

            var timing = Timing(step);
            if (timing.Length > 0)
            {
                console.MarkupLine("  " + Markup.Escape(timing));
            }
        }

        console.WriteLine();
        if (trace.Outcome is { } outcome)
        {
            var source = outcome.AnswerFromFallback ? " (from the fallback pattern)" : string.Empty;
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"outcome: {outcome.ExitReason.SnakeName()} after {trace.Steps.Length} step(s), {outcome.ElapsedMilliseconds:0} ms")));
            console.MarkupLine("[bold]answer:[/] " + Markup.Escape(Quote(outcome.Answer) + source));
            if (outcome.Error is { } error)
            {
                console.MarkupLine("error: " + Markup.Escape(error));
            }
        }
        else
        {
            console.MarkupLine("outcome: none recorded (the run was interrupted)");
        }
    }

    private static string Timing(AgentStep step)
    {
        var parts = new List<string>();
        if (step.ModelMilliseconds is { } model)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"model {model:0} ms"));
        }

        if (step.PrefilledTokens is { } prefilled)
        {
            parts.Add(step.PromptTokens is { } whole
                ? string.Create(CultureInfo.InvariantCulture, $"{prefilled} of {whole} prompt tokens prefilled")
                : string.Create(CultureInfo.InvariantCulture, $"{prefilled} tokens prefilled"));
        }

        if (step.GeneratedTokens is { } generated)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{generated} generated"));
        }

        if (step.ToolMilliseconds is { } tool)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"tool {tool:0} ms"));
        }

        return string.Join(", ", parts);
    }

    /// <summary>
    /// Offer the actions the recorded run offered (a run made with --tools, or before a tool was
    /// added, is not a difference in itself); an action today's tools lack stays out, so the first
    /// turn shows it as a difference. The profile is the recorded one (<c>taco-tiny (Short)</c>), TACO's when unknown.
    /// </summary>
    private static AgentOptions? OptionsFor(Trace trace, ToolRegistry registry) =>
        trace.Start.Actions.IsDefaultOrEmpty
            ? null
            : new AgentOptions
            {
                Profile = RecordedProfile(trace) with
                {
                    OfferedActions = [.. trace.Start.Actions.Where(a => a == TacoStrings.TerminateName || registry.TryGet(a, out _))],
                },
            };

    private static ProtocolProfile RecordedProfile(Trace trace)
    {
        var name = trace.Start.Profile.Split(' ', 2)[0];
        return ProtocolProfile.All.FirstOrDefault(p => p.Name == name) ?? ProtocolProfile.Taco;
    }

    private static string Snake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private static string Quote(string? text) => text is null ? "(none)" : "\"" + TerminalText.Safe(text) + "\"";
}
