using System.Collections.Immutable;
using System.Globalization;
using Taco.Agent.Caching;
using Taco.Agent.Images;
using Taco.Agent.Models;
using Taco.Agent.Protocol;
using Taco.Imaging;
using Taco.Tools;
using Taco.Tools.Values;

namespace Taco.Agent.Runs;

/// <summary>
/// The chain-of-thought-and-action loop: ask the model, parse its turn, run the one
/// action it names, feed the observation back, until Terminate or a budget runs out.
/// Every model mistake becomes an observation the model can correct; only the caller's
/// cancellation and the budgets end a run early.
/// </summary>
public sealed class CotaAgent
{
    private readonly IActionModel _model;
    private readonly ToolRegistry _tools;
    private readonly AgentOptions _options;
    private readonly ToolResultCache? _cache;

    public CotaAgent(IActionModel model, ToolRegistry tools, AgentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tools);
        _model = model;
        _tools = tools;
        _options = options ?? new AgentOptions();
        _cache = _options.CacheToolResults ? _options.Cache ?? new ToolResultCache() : null;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxReplies, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.StallRepeats, 2, nameof(options));
        if (_options.ToolTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.ToolTimeout, "The tool timeout must be positive.");
        }

        if (_options.TimeBudget is { } budget && budget <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), budget, "The time budget must be positive (or null for none).");
        }
    }

    public AgentOptions Options => _options;

    /// <summary>
    /// The request the model receives first for this question — system message, first user turn, images — without
    /// asking it (<c>taco ask --print-prompt</c>).
    /// </summary>
    public ActionModelRequest FirstRequest(IReadOnlyList<RgbImage> images, string question)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(question);
        var descriptors = _options.Profile.SelectTools(_tools).Select(t => t.Descriptor).ToArray();
        return Opening(descriptors, new ImageStore(images), question);
    }

    private ActionModelRequest Opening(ToolDescriptor[] descriptors, ImageStore store, string question)
    {
        var profile = _options.Profile;
        var firstTurn = ChatMessage.User(profile.RenderFirstTurn(descriptors, store.Count, question), Enumerable.Range(0, store.Count).Select(i => new ImageRef(i)));
        return new ActionModelRequest([firstTurn], store)
        {
            Actions = descriptors,
            SystemPrompt = profile.RenderSystemPrompt(descriptors),
            Input = profile.Input,
        };
    }

    public async Task<AgentOutcome> RunAsync(
        IReadOnlyList<RgbImage> images,
        string question,
        IAgentObserver? observer = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(question);
        var run = new Run(this, new ImageStore(images), question, observer, cancellationToken);
        return await run.ExecuteAsync().ConfigureAwait(false);
    }

    /// <summary>The state of one question; kept apart so the agent itself is reusable and thread-safe.</summary>
    private sealed class Run(CotaAgent agent, ImageStore store, string question, IAgentObserver? observer, CancellationToken userToken)
    {
        private readonly long _started = agent._options.TimeProvider.GetTimestamp();
        private readonly List<ChatMessage> _messages = [];
        private readonly List<AgentStep> _steps = [];
        private readonly ToolRegistry _offered = new();
        private readonly ToolContext _context = new(store);
        private readonly Guid _conversationId = Guid.NewGuid();

        // The offered tools' descriptors: fixed once ExecuteAsync has chosen the tools, sent with every request.
        private ToolDescriptor[] _descriptors = [];

        // The system message (TACO's task prompt), when the profile sends one.
        private string? _systemPrompt;

        private AgentOptions Options => agent._options;

        private TimeProvider Time => agent._options.TimeProvider;

        private ProtocolProfile Profile => Options.Profile;

        public async Task<AgentOutcome> ExecuteAsync()
        {
            foreach (var tool in Profile.SelectTools(agent._tools))
            {
                _offered.Add(tool);
            }

            _descriptors = [.. _offered.Tools.Select(t => t.Descriptor)];
            var first = agent.Opening(_descriptors, store, question);
            _systemPrompt = first.SystemPrompt;
            var firstTurn = first.Messages[0].Text;
            _messages.Add(first.Messages[0]);
            if (observer is not null)
            {
                var start = new AgentStart
                {
                    Question = question,
                    Profile = Profile.ToString(),
                    Actions = [.. _offered.Names],
                    ImageHashes = [.. Enumerable.Range(0, store.Count).Select(i => store.ContentHash(new ImageRef(i)))],
                    SystemPrompt = _systemPrompt,
                    FirstTurn = firstTurn,
                    MaxReplies = Options.MaxReplies,
                };
                await observer.OnStartAsync(start, store, CancellationToken.None).ConfigureAwait(false);
            }

            using var deadline = Options.TimeBudget is { } limit ? new CancellationTokenSource(limit, Time) : new CancellationTokenSource();
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(userToken, deadline.Token);

            try
            {
                return await LoopAsync(budget.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (userToken.IsCancellationRequested)
            {
                return await FinishAsync(AgentExitReason.Cancelled).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (budget.IsCancellationRequested)
            {
                return await FinishAsync(AgentExitReason.TimedOut).ConfigureAwait(false);
            }
        }

        private async Task<AgentOutcome> LoopAsync(CancellationToken token)
        {
            string? lastAction = null;
            var repeats = 0;
            for (var index = 1; index <= Options.MaxReplies; index++)
            {
                token.ThrowIfCancellationRequested();
                var modelStarted = Time.GetTimestamp();
                ActionModelReply reply;
                try
                {
                    reply = await agent._model.NextAsync(new ActionModelRequest([.. _messages], store) { ConversationId = _conversationId, Actions = _descriptors, SystemPrompt = _systemPrompt, Input = Profile.Input }, token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    // A cancellation we did not ask for (e.g. the model's own timeout) is the model's failure.
                    return await FinishAsync(AgentExitReason.ModelError, error: e.Message).ConfigureAwait(false);
                }

                token.ThrowIfCancellationRequested();
                _messages.Add(ChatMessage.Assistant(reply.Text));
                var parsed = CotaParser.Parse(reply.Text);
                var step = new AgentStep
                {
                    Index = index,
                    Kind = AgentStepKind.Action,
                    ModelText = reply.Text,
                    Thought = parsed.Thought,
                    ModelMilliseconds = Time.GetElapsedTime(modelStarted).TotalMilliseconds,
                    PrefillMilliseconds = reply.PrefillTime?.TotalMilliseconds,
                    GenerationMilliseconds = reply.GenerationTime?.TotalMilliseconds,
                    PrefilledTokens = reply.PrefilledTokens,
                    PromptTokens = reply.PromptTokens,
                    GeneratedTokens = reply.GeneratedTokens,
                    Truncated = reply.Truncated ? true : null,
                    ContextFull = reply.ContextFull ? true : null,
                };

                if (parsed.IsError)
                {
                    var feedback = ProtocolProfile.RenderParseError(parsed.ErrorKind!.Value, parsed.ErrorMessage!);
                    await RecordAsync(step with { Kind = AgentStepKind.ParseError, ParseErrorKind = parsed.ErrorKind, ParseError = parsed.ErrorMessage, Observation = feedback }, feedback, []).ConfigureAwait(false);
                    if (reply.ContextFull)
                    {
                        return await FinishAsync(AgentExitReason.ContextFull).ConfigureAwait(false);
                    }

                    continue;
                }

                if (parsed.Action is not { } action)
                {
                    var feedback = ProtocolProfile.RenderNoAction();
                    await RecordAsync(step with { Kind = AgentStepKind.NoAction, Observation = feedback }, feedback, []).ConfigureAwait(false);
                    if (reply.ContextFull)
                    {
                        return await FinishAsync(AgentExitReason.ContextFull).ConfigureAwait(false);
                    }

                    continue;
                }

                step = step with { ActionName = action.Name, Arguments = action.Arguments };
                var key = action.Name + "\n" + action.CanonicalArguments;
                repeats = key == lastAction ? repeats + 1 : 1;
                lastAction = key;
                if (repeats >= Options.StallRepeats)
                {
                    await RecordAsync(step with { Kind = AgentStepKind.Stalled }, null, []).ConfigureAwait(false);
                    return await FinishAsync(AgentExitReason.Stalled).ConfigureAwait(false);
                }

                var imagesBefore = store.Count;
                var toolStarted = Time.GetTimestamp();
                var (outcome, cached) = await InvokeAsync(action, token).ConfigureAwait(false);
                step = step with
                {
                    ToolMilliseconds = Time.GetElapsedTime(toolStarted).TotalMilliseconds,
                    Cached = cached,
                    Outcome = outcome,
                    ToolResult = outcome.Result is { } r ? ToolValueJson.ToElement(r) : null,
                    ToolResultRepr = outcome.Result is { } rr ? PythonRepr.Render(rr) : null,
                    ToolErrorType = outcome.Error?.PythonType,
                    ToolErrorMessage = outcome.Error?.Message,
                };

                if (outcome.Succeeded && action.Name == TacoStrings.TerminateName)
                {
                    var answer = outcome.Result!.TryGetValue("answer", out var a) && a is ToolString s ? s.Value : a.ToPythonRepr();
                    await RecordAsync(step with { Kind = AgentStepKind.Answer }, null, []).ConfigureAwait(false);
                    return await FinishAsync(AgentExitReason.Answered, answer).ConfigureAwait(false);
                }

                var shown = outcome.Result is { } result ? ProtocolProfile.ImagesIn(Profile.VisibleResult(action.Name, result)) : [];
                var created = outcome.Result is { } all
                    ? ProtocolProfile.ImagesIn(all).Where(i => i.Index >= imagesBefore).Distinct().Select(i => i.Name).ToImmutableArray()
                    : [];
                var observation = Profile.RenderObservation(outcome);
                await RecordAsync(step with { NewImages = created, Observation = observation }, observation, shown).ConfigureAwait(false);
            }

            return await FinishAsync(AgentExitReason.MaxReplies).ConfigureAwait(false);
        }

        private async Task<(ToolOutcome Outcome, bool Cached)> InvokeAsync(CotaAction action, CancellationToken token)
        {
            var cache = agent._cache;
            string? cacheKey = null;
            if (cache is not null && action.Name != TacoStrings.TerminateName && _offered.TryGet(action.Name, out _))
            {
                cacheKey = ToolResultCache.Key(action.Name, action.Arguments, store);
                if (cache.TryGet(cacheKey, out var hit))
                {
                    return (ToolOutcome.Success(action.Name, hit), true);
                }
            }

            using var toolTimer = new CancellationTokenSource(Options.ToolTimeout, Time);
            using var toolToken = CancellationTokenSource.CreateLinkedTokenSource(token, toolTimer.Token);
            ToolOutcome outcome;
            try
            {
                // On a thread of its own, so a tool that computes synchronously cannot hold the loop past its
                // timeout, and one stuck in a native call keeps only that thread, not one of the thread pool's
                // few (a hung tool used to starve the pool and delay the loop's own continuations by seconds).
                var running = Task.Factory.StartNew(
                    () => _offered.InvokeAsync(action.Name, action.Arguments, _context, toolToken.Token).AsTask(),
                    toolToken.Token,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default).Unwrap();
                // One timer (toolTimer, started before the tool) ends both a tool that honours its token and the
                // wait for one that does not.
                outcome = await running.WaitAsync(toolToken.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                outcome = toolToken.IsCancellationRequested
                    ? TimedOut(action.Name)
                    : ToolOutcome.Failure(action.Name, new ToolExecutionException("RuntimeError", $"{action.Name} was cancelled"));
            }

            if (cacheKey is not null && outcome.Succeeded)
            {
                cache!.Add(cacheKey, outcome.Result!);
            }

            return (outcome, false);
        }

        private ToolOutcome TimedOut(string name)
        {
            var seconds = Options.ToolTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            return ToolOutcome.Failure(name, new ToolExecutionException("TimeoutError", $"{name} did not finish within {seconds} seconds"));
        }

        private async Task RecordAsync(AgentStep step, string? feedback, IReadOnlyList<ImageRef> attached)
        {
            _steps.Add(step);
            if (feedback is not null)
            {
                _messages.Add(ChatMessage.User(feedback, attached));
            }

            if (observer is not null)
            {
                await observer.OnStepAsync(step, store, CancellationToken.None).ConfigureAwait(false);
            }
        }

        private async Task<AgentOutcome> FinishAsync(AgentExitReason reason, string? answer = null, string? error = null)
        {
            var fallback = false;
            if (answer is null && reason != AgentExitReason.Answered)
            {
                answer = FallbackAnswer.Find(_steps.Select(s => s.ModelText));
                fallback = answer is not null;
            }

            if (agent._model is IConversationalActionModel conversational)
            {
                await conversational.EndConversationAsync(_conversationId).ConfigureAwait(false);
            }

            var outcome = new AgentOutcome
            {
                Question = question,
                Answer = answer,
                ExitReason = reason,
                AnswerFromFallback = fallback,
                Steps = [.. _steps],
                ElapsedMilliseconds = Time.GetElapsedTime(_started).TotalMilliseconds,
                Error = error,
                SystemPrompt = _systemPrompt,
                Messages = [.. _messages],
            };
            if (observer is not null)
            {
                await observer.OnFinishedAsync(outcome, CancellationToken.None).ConfigureAwait(false);
            }

            return outcome;
        }
    }
}
