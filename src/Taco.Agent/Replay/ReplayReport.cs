using System.Collections.Immutable;
using Taco.Agent.Runs;

namespace Taco.Agent.Replay;

/// <summary>The replayed run and every difference from the recorded one.</summary>
public sealed record ReplayReport(AgentOutcome Replayed, ImmutableArray<ReplayDifference> Differences)
{
    public bool Identical => Differences.IsEmpty;
}
