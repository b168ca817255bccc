using Taco.Agent.Caching;
using Taco.Agent.Protocol;

namespace Taco.Agent.Runs;

/// <summary>Budgets and protocol of a run.</summary>
public sealed record AgentOptions
{
    public ProtocolProfile Profile { get; init; } = ProtocolProfile.Taco;

    /// <summary>Most model replies per question; the reference stops after 10.</summary>
    public int MaxReplies { get; init; } = 10;

    /// <summary>How long one action may run before it fails with a <c>TimeoutError</c> observation.</summary>
    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Wall-clock budget for the whole question (model and tools); <c>null</c> means none.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>
    /// The clock that the time budget, the tool timeout and the reported durations run on: the system's, or a
    /// manual one a test advances so a budget or timeout fires when the test says, not when a timer races it.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The same action with the same arguments this many times in a row ends the run as stalled.</summary>
    public int StallRepeats { get; init; } = 3;

    /// <summary>Reuse results of identical actions on identical images (on by default).</summary>
    public bool CacheToolResults { get; init; } = true;

    /// <summary>
    /// The cache to use; share one instance between agents to reuse results across them.
    /// When null, each <see cref="CotaAgent"/> keeps its own for all the questions it answers.
    /// </summary>
    public ToolResultCache? Cache { get; init; }
}
