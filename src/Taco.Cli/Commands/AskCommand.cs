using System.Collections.Immutable;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Taco.Agent.Images;
using Taco.Agent.Protocol;
using Taco.Agent.Runs;
using Taco.Agent.Tracing;
using Taco.Cli.Infrastructure;
using Taco.Cli.Models;
using Taco.Inference;
using Taco.Inference.Generation;
using Taco.Inference.Models;
using Taco.Onnx;
using Taco.Tools;

namespace Taco.Cli.Commands;

/// <summary>
/// <c>taco ask &lt;image&gt;… "&lt;question&gt;"</c>: runs the CoTA agent with a local VLM over the real
/// tools, streaming each step to standard error and printing the answer last on standard output
/// (or one JSON object with <c>--json</c>).
/// </summary>
internal static class AskCommand
{
    private static readonly Argument<string[]> Inputs = new("images-and-question")
    {
        Description = "One or more image files, then the question.",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<DirectoryInfo?> Model = new("--model", "-m")
    {
        Description = "The model directory (transformers.js / onnx-community layout). Required until taco ships a default model.",
    };

    private static readonly Option<string?> Dtype = new("--dtype") { Description = "Weight variant: fp32, fp16, q8, q4, q4f16 (default: the best one present)." };

    private static readonly Option<int> MaxSteps = new("--max-steps") { Description = "Most model replies per question.", DefaultValueFactory = _ => 10 };

    private static readonly Option<int?> MaxNewTokens = new("--max-new-tokens") { Description = "Most tokens per model reply (default: the model's generation_config.json, else 256)." };

    private static readonly Option<float> Temperature = new("--temperature") { Description = "Sampling temperature; 0 is greedy.", DefaultValueFactory = _ => 0f };

    private static readonly Option<int?> Seed = new("--seed") { Description = "Seed that makes sampled runs reproducible." };

    private static readonly Option<string[]> ToolSubset = new("--tools")
    {
        Description = "Offer only these tools (comma-separated or repeated), e.g. --tools OCR,Calculate.",
    };

    private static readonly Option<DirectoryInfo?> TraceDir = new("--trace-dir") { Description = "Write trace.jsonl and the images of the run to this directory (for taco replay)." };

    private static readonly Option<double?> TimeBudget = new("--time-budget") { Description = "Seconds the whole question may take." };

    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON object (answer, steps, timings, exit reason) instead of the answer." };

    public static Command Create()
    {
        var command = new Command("ask", "Answer a question about images: the model thinks, calls tools and answers; steps stream to standard error.");
        command.Arguments.Add(Inputs);
        foreach (var option in new Option[] { Model, Dtype, MaxSteps, MaxNewTokens, Temperature, Seed, ToolSubset, TraceDir, TimeBudget, Json })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => RunAsync(parse, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var context = TacoApp.CreateContext(parse);
        var inputs = parse.GetValue(Inputs) ?? [];
        if (inputs.Length < 2)
        {
            throw new CliException(ExitCodes.BadInput, "give at least one image and then the question, e.g. taco ask photo.jpg \"What is the total?\".");
        }

        // Unknown options land among the positional arguments; a question never starts with "--".
        if (inputs.FirstOrDefault(i => i.StartsWith("--", StringComparison.Ordinal)) is { } unknownOption)
        {
            throw new CliException(ExitCodes.BadInput, $"unrecognized option '{unknownOption}'; run 'taco ask --help' for the options.");
        }

        var modelDir = parse.GetValue(Model)
            ?? throw new CliException(ExitCodes.MissingDependency, "a model directory is required: pass --model <dir> (taco does not ship a default model yet).");
        var maxSteps = parse.GetValue(MaxSteps);
        if (maxSteps < 1)
        {
            throw new CliException(ExitCodes.BadInput, "--max-steps must be at least 1.");
        }

        var question = inputs[^1];
        var images = inputs[..^1].Select(CliImages.Load).ToList();
        var registry = CliTools.CreateRegistry(context);
        var profile = ProtocolProfile.Taco;
        if (SplitNames(parse.GetValue(ToolSubset)) is { Count: > 0 } wanted)
        {
            var unknown = wanted.Where(n => n != TacoStrings.TerminateName && !registry.TryGet(n, out _)).ToList();
            if (unknown.Count > 0)
            {
                throw new CliException(ExitCodes.BadInput, $"unknown tool(s) {string.Join(", ", unknown)} in --tools; the tools are {string.Join(", ", registry.Names)}.");
            }

            profile = profile with { OfferedActions = [.. wanted] };
        }

        var options = new AgentOptions
        {
            Profile = profile,
            MaxReplies = maxSteps,
            TimeBudget = parse.GetValue(TimeBudget) is { } seconds
                ? seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new CliException(ExitCodes.BadInput, "--time-budget must be positive.")
                : null,
        };

        ModelDtype? dtype = null;
        if (parse.GetValue(Dtype) is { } dtypeName)
        {
            try
            {
                dtype = ModelDirectory.ParseDtype(dtypeName);
            }
            catch (ArgumentException e)
            {
                throw new CliException(ExitCodes.BadInput, e.Message.Split(" (Parameter", 2)[0]);
            }
        }

        using var vlm = LoadModel(context, modelDir.FullName, dtype);
        var generation = new GenerationOptions
        {
            MaxNewTokens = parse.GetValue(MaxNewTokens),
            Temperature = parse.GetValue(Temperature),
            Seed = parse.GetValue(Seed),
        };
        using var model = new VlmActionModel(vlm, generation);
        var observers = new List<IAgentObserver> { new StepPrinter(context.Error) };
        JsonlTraceWriter? trace = null;
        if (parse.GetValue(TraceDir) is { } traceDir)
        {
            trace = new JsonlTraceWriter(traceDir.FullName, writeInputImages: true);
            observers.Add(trace);
        }

        AgentOutcome outcome;
        try
        {
            outcome = await new CotaAgent(model, registry, options)
                .RunAsync(images, question, new ObserverFan(observers), cancellationToken)
                .ConfigureAwait(false);
        }
        finally
        {
            if (trace is not null)
            {
                await trace.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (parse.GetValue(Json))
        {
            context.Output.WriteLine(JsonSerializer.Serialize(outcome, TraceJson.Options));
        }
        else if (outcome.Answer is { } answer)
        {
            context.Output.WriteLine(answer);
        }

        if (outcome.ExitReason != AgentExitReason.Answered)
        {
            var detail = outcome.Error is { } error ? ": " + error : string.Empty;
            context.Error.WriteLine($"taco: no answer ({ReplayCommand.ExitName(outcome.ExitReason)}){detail}");
        }

        return outcome.ExitReason switch
        {
            AgentExitReason.Answered => ExitCodes.Success,
            AgentExitReason.Cancelled => ExitCodes.Cancelled,
            AgentExitReason.ModelError => ExitCodes.ModelError,
            _ => ExitCodes.NoAnswer,
        };
    }

    private static VisionLanguageModel LoadModel(CliContext context, string directory, ModelDtype? dtype)
    {
        try
        {
            return VisionLanguageModel.Load(directory, new ModelLoadOptions { Dtype = dtype, Runtime = context.Runtime });
        }
        catch (OrtException e)
        {
            throw new CliException(ExitCodes.ModelError, $"the model in {directory} cannot be loaded by ONNX Runtime: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static List<string> SplitNames(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)];

    /// <summary>Streams each step to standard error as it happens: results stay alone on standard output.</summary>
    private sealed class StepPrinter(TextWriter error) : IAgentObserver
    {
        private const int ObservationChars = 160;

        public ValueTask OnStartAsync(AgentStart start, ImageStore images, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnStepAsync(AgentStep agentStep, ImageStore images, CancellationToken cancellationToken)
        {
            var n = agentStep.Index.ToString(CultureInfo.InvariantCulture);
            if (!string.IsNullOrWhiteSpace(agentStep.Thought))
            {
                error.WriteLine($"[{n}] thought: {OneLine(agentStep.Thought)}");
            }

            switch (agentStep.Kind)
            {
                case AgentStepKind.ParseError:
                    error.WriteLine($"[{n}] unparseable reply: {OneLine(agentStep.ParseError ?? string.Empty)}");
                    break;
                case AgentStepKind.NoAction:
                    error.WriteLine($"[{n}] no action");
                    break;
                default:
                    var arguments = agentStep.Arguments is { } a ? " " + a.GetRawText() : string.Empty;
                    error.WriteLine($"[{n}] {(agentStep.Kind == AgentStepKind.Stalled ? "stalled on" : "action")}: {agentStep.ActionName}{OneLine(arguments)}");
                    var result = agentStep.ToolErrorType is { } type ? $"{type}: {agentStep.ToolErrorMessage}" : agentStep.ToolResultRepr;
                    if (result is not null)
                    {
                        error.WriteLine($"[{n}] observation: {OneLine(result)}");
                    }

                    break;
            }

            error.Flush();
            return ValueTask.CompletedTask;
        }

        public ValueTask OnFinishedAsync(AgentOutcome outcome, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        private static string OneLine(string text)
        {
            var line = text.ReplaceLineEndings(" ");
            return line.Length <= ObservationChars ? line : line[..ObservationChars] + "…";
        }
    }

    /// <summary>Several observers in order (the terminal printer, then the trace writer).</summary>
    private sealed class ObserverFan(IReadOnlyList<IAgentObserver> observers) : IAgentObserver
    {
        public async ValueTask OnStartAsync(AgentStart start, ImageStore images, CancellationToken cancellationToken)
        {
            foreach (var o in observers)
            {
                await o.OnStartAsync(start, images, cancellationToken).ConfigureAwait(false);
            }
        }

        public async ValueTask OnStepAsync(AgentStep agentStep, ImageStore images, CancellationToken cancellationToken)
        {
            foreach (var o in observers)
            {
                await o.OnStepAsync(agentStep, images, cancellationToken).ConfigureAwait(false);
            }
        }

        public async ValueTask OnFinishedAsync(AgentOutcome outcome, CancellationToken cancellationToken)
        {
            foreach (var o in observers)
            {
                await o.OnFinishedAsync(outcome, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
