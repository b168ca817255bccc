using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Taco.Agent.Images;
using Taco.Agent.Runs;
using Taco.Agent.Tracing;
using Taco.Cli.Infrastructure;

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

    private static readonly Option<bool> Json = new("--json") { Description = "Print one JSON object (answer, steps, timings, exit reason) instead of the answer." };

    private static readonly Option<bool> PrintPrompt = new("--print-prompt")
    {
        Description = "Print the exact text the model receives for the first step (after its chat template, image placeholders as the template writes them) and exit 0 without running the model.",
    };

    public static Command Create()
    {
        var command = new Command("ask", "Answer a question about images: the model thinks, calls tools and answers; steps stream to standard error.");
        command.Arguments.Add(Inputs);
        AgentRunOptions.AddTo(command);
        command.Options.Add(Json);
        command.Options.Add(PrintPrompt);

        command.SetAction((parse, ct) => RunAsync(parse, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var context = TacoApp.CreateContext(parse);
        using var cancellation = context.LogCancellation(cancellationToken);
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

        var settings = AgentRunOptions.Read(context.Values);
        var question = inputs[^1];
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new CliException(ExitCodes.BadInput, "the question is empty; ask something, e.g. taco ask photo.jpg \"What is the total?\".");
        }

        foreach (var image in inputs[..^1])
        {
            CliImages.CheckName(image, "ask");
        }

        if (parse.GetValue(PrintPrompt))
        {
            QuestionRunner.PrintFirstPrompt(context, settings, [.. inputs[..^1].Select(CliImages.Load)], question);
            return ExitCodes.Success;
        }

        if (settings.TraceDirectory is { } traceDir)
        {
            var read = new InputFiles();
            read.AddRange(inputs[..^1], "an input image");
            read.CheckOutputFolder(traceDir, "give another --trace-dir");
            OutputFolder.Prepare(traceDir, "--trace-dir");
        }

        var images = inputs[..^1].Select(CliImages.Load).ToList();
        using var runner = QuestionRunner.Create(context, settings);
        var outcome = await runner.AskAsync(images, question, new StepPrinter(context.Error), settings.TraceDirectory, cancellationToken).ConfigureAwait(false);

        if (parse.GetValue(Json))
        {
            // Traces leave out null fields; here "answer" is always present, so scripts can read it as null.
            var json = JsonSerializer.SerializeToNode(outcome, TraceJson.Options)!.AsObject();
            if (!json.ContainsKey("answer"))
            {
                json.Insert(1, "answer", null);
            }

            context.Output.WriteLine(json.ToJsonString(TraceJson.Options));
        }
        else if (outcome.Answer is { } answer)
        {
            context.Output.WriteLine(TerminalText.Safe(answer));
        }

        if (outcome.ExitReason != AgentExitReason.Answered)
        {
            var detail = outcome.Error is { } error ? ": " + TerminalText.Safe(error) : string.Empty;
            context.Error.WriteLine($"taco: no answer ({outcome.ExitReason.SnakeName()}){detail}");
        }

        return outcome.ExitReason switch
        {
            AgentExitReason.Answered => ExitCodes.Success,
            AgentExitReason.Cancelled => ExitCodes.Cancelled,
            AgentExitReason.ModelError => ExitCodes.ModelError,
            _ => ExitCodes.NoAnswer,
        };
    }

    /// <summary>Streams each step to standard error as it happens: results stay alone on standard output.</summary>
    private sealed class StepPrinter(TextWriter error) : IAgentObserver
    {
        private const int ObservationChars = 160;

        public ValueTask OnStartAsync(AgentStart start, ImageStore images, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnStepAsync(AgentStep agentStep, ImageStore images, CancellationToken cancellationToken)
        {
            var n = agentStep.Index.ToString(CultureInfo.InvariantCulture);
            foreach (var line in StepText.Lines(agentStep, ObservationChars))
            {
                error.WriteLine($"[{n}] {StepText.Join(line)}");
            }

            error.Flush();
            return ValueTask.CompletedTask;
        }

        public ValueTask OnFinishedAsync(AgentOutcome outcome, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
