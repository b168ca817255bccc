using System.Collections.Immutable;
using Taco.Agent.Caching;
using Taco.Agent.Inference;
using Taco.Agent.Models;
using Taco.Agent.Protocol;
using Taco.Agent.Runs;
using Taco.Agent.Tracing;
using Taco.Imaging;
using Taco.Inference;
using Taco.Inference.Generation;
using Taco.Inference.Models;
using Taco.Onnx;
using Taco.Tools;

namespace Taco.Cli.Infrastructure;

/// <summary>
/// One loaded model, the real tools and the agent built from <see cref="AgentRunSettings"/>, answering
/// any number of questions — one at a time (<c>ask</c>) or several at once (<c>batch</c>, <c>eval</c>).
/// The ONNX sessions, the tokenizer, the agent and the tool cache are safe to share; each question
/// gets its own conversation and KV cache.
/// </summary>
internal sealed class QuestionRunner : IDisposable
{
    private readonly VlmAgent _vlm;
    private readonly CotaAgent _agent;

    private QuestionRunner(VlmAgent vlm)
    {
        _vlm = vlm;
        _agent = vlm.Agent;
    }

    public AgentOptions AgentOptions => _agent.Options;

    /// <summary>
    /// Builds the tools, checks the tool subset (bad input), then loads the model (model error).
    /// Call after the inputs are checked, so bad input never waits for a model to load.
    /// </summary>
    public static QuestionRunner Create(CliContext context, AgentRunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var registry = CliTools.CreateRegistry(context);
        var offered = OfferedTools(settings, registry);
        var generation = new GenerationOptions
        {
            MaxNewTokens = settings.MaxNewTokens,
            Temperature = settings.Temperature,
            Seed = settings.Seed,
        };
        try
        {
            return new QuestionRunner(VlmAgent.Load(
                settings.ModelDirectory,
                new ModelLoadOptions { Dtype = settings.Dtype, Runtime = context.Runtime },
                generation,
                registry,
                directory => OptionsFor(settings, ModelProfile.For(directory, settings.Profile).Profile, offered),
                settings.Constrain,
                settings.GroundNumbers));
        }
        catch (OrtException e)
        {
            throw new CliException(ExitCodes.ModelError, $"the model in {settings.ModelDirectory} cannot be loaded by ONNX Runtime: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>
    /// Prints the exact text the model receives for its first step — after its chat template, image placeholders as
    /// the template writes them — read from the model directory's tokenizer and configs without loading its graphs
    /// (<c>ask --print-prompt</c>). The profile and tools are the ones <see cref="Create"/> would use.
    /// </summary>
    public static void PrintFirstPrompt(CliContext context, AgentRunSettings settings, IReadOnlyList<RgbImage> images, string question)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var registry = CliTools.CreateRegistry(context);
        var offered = OfferedTools(settings, registry);
        var directory = ModelDirectory.Open(settings.ModelDirectory);
        PrintFirstPrompt(context, directory, registry, OptionsFor(settings, ModelProfile.For(directory, settings.Profile).Profile, offered), images, question);
    }

    /// <summary>
    /// Prints the first step's prompt for given agent options (<c>replay --print-prompt</c>: the recorded profile and
    /// actions), byte for byte: no newline is added.
    /// </summary>
    public static void PrintFirstPrompt(CliContext context, ModelDirectory directory, ToolRegistry registry, AgentOptions? options, IReadOnlyList<RgbImage> images, string question)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(directory);

        // The agent only builds the opening request here; the model is never asked.
        var request = new CotaAgent(new RecordedActionModel(Array.Empty<string>()), registry, options).FirstRequest(images, question);
        context.Output.Write(VlmActionModel.RenderPrompt(directory, request));
        context.Output.Flush();
    }

    /// <summary>Answers one question; with <paramref name="traceDirectory"/>, writes a replayable trace there.</summary>
    public async Task<AgentOutcome> AskAsync(
        IReadOnlyList<RgbImage> images,
        string question,
        IAgentObserver? observer,
        string? traceDirectory,
        CancellationToken cancellationToken)
    {
        if (traceDirectory is null)
        {
            return await _agent.RunAsync(images, question, observer, cancellationToken).ConfigureAwait(false);
        }

        var trace = new JsonlTraceWriter(traceDirectory, writeInputImages: true);
        await using (trace.ConfigureAwait(false))
        {
            IAgentObserver fan = observer is null ? trace : new ObserverFan([observer, trace]);
            return await _agent.RunAsync(images, question, fan, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _vlm.Dispose();

    /// <summary>The tools named by <c>--tools</c> (bad input when one is unknown), or null for all of them.</summary>
    private static ImmutableArray<string>? OfferedTools(AgentRunSettings settings, ToolRegistry registry)
    {
        if (settings.Tools.Count == 0)
        {
            return null;
        }

        var unknown = settings.Tools.Where(n => n != TacoStrings.TerminateName && !registry.TryGet(n, out _)).ToList();
        if (unknown.Count > 0)
        {
            throw new CliException(ExitCodes.BadInput, $"unknown tool(s) {string.Join(", ", unknown)} in {settings.ToolsSource}; the tools are {string.Join(", ", registry.Names)}.");
        }

        return [.. settings.Tools];
    }

    private static AgentOptions OptionsFor(AgentRunSettings settings, ProtocolProfile profile, ImmutableArray<string>? offered) => new()
    {
        Profile = offered is null ? profile : profile with { OfferedActions = offered },
        MaxReplies = settings.MaxSteps,
        TimeBudget = settings.TimeBudget,
        ToolTimeout = settings.ToolTimeout,
        Cache = new ToolResultCache(),
    };
}
