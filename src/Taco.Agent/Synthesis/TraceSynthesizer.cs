using Taco.Agent.Caching;
using Taco.Agent.Evaluation;
using Taco.Agent.Protocol;
using Taco.Agent.Runs;
using Taco.Imaging;
using Taco.Tools;

namespace Taco.Agent.Synthesis;

/// <summary>
/// Runs an item's plan through the real agent loop and tools (<see cref="CotaAgent"/> with a
/// <see cref="PlanActionModel"/>), so a kept conversation is byte for byte what the agent hands a
/// model at inference, and keeps it only when every step's observation supports the plan and the
/// final answer scores as the gold answer. Thread-safe: items may run in parallel.
/// </summary>
public sealed class TraceSynthesizer(ToolRegistry tools, ProtocolProfile profile, ToolResultCache? cache = null)
{
    private readonly HashSet<string> _offered = [.. profile.SelectTools(tools).Select(t => t.Descriptor.Name)];
    private readonly AnswerScorer _scorer = new();

    public ProtocolProfile Profile => profile;

    /// <summary>How long one action may run (default: the agent's).</summary>
    public TimeSpan ToolTimeout { get; init; } = new AgentOptions().ToolTimeout;

    public async Task<SynthTrace> RunAsync(SynthItem item, IReadOnlyList<RgbImage> images, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(images);
        if (item.Plan.FirstOrDefault(s => s.Action is { } name && !_offered.Contains(name)) is { } unknown)
        {
            return Dropped(item, DropReasons.BadPlan, $"the plan calls {unknown.Action}, which is not offered (offered: {string.Join(", ", _offered)})");
        }

        var model = new PlanActionModel(item, profile);
        var options = new AgentOptions
        {
            Profile = profile,
            MaxReplies = item.Plan.Length + 1, // one more, so a failed Terminate is reported as such
            ToolTimeout = ToolTimeout,
            Cache = cache,
        };
        var outcome = await new CotaAgent(model, tools, options).RunAsync(images, item.Question, model, cancellationToken).ConfigureAwait(false);
        if (outcome.ExitReason == AgentExitReason.Cancelled)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        if (model.Drop is { } drop)
        {
            return Dropped(item, drop.Reason, drop.Message);
        }

        if (outcome.ExitReason != AgentExitReason.Answered)
        {
            var why = outcome.ExitReason == AgentExitReason.Stalled ? "the plan repeats one action with the same arguments until the agent stops it as stalled" : outcome.Error ?? outcome.ExitReason.ToString();
            return Dropped(item, DropReasons.BadPlan, why);
        }

        var trace = new SynthTrace { Item = item, Answer = outcome.Answer, Messages = outcome.Messages, SystemPrompt = outcome.SystemPrompt, Images = model.Images };
        return _scorer.Score(item.Gold, outcome.Answer) >= 1
            ? trace
            : trace with { DropReason = DropReasons.WrongAnswer, Detail = $"answered {outcome.Answer}; gold {string.Join(" | ", item.Gold.Gold)}" };
    }

    public static SynthTrace Dropped(SynthItem item, string reason, string detail) =>
        new() { Item = item, DropReason = reason, Detail = detail };
}
