using System.Collections.Immutable;
using Taco.Agent.Runs;

namespace Taco.Agent.Tracing;

/// <summary>A run read back from a trace: what was asked, each step, and how it ended (absent if the run was killed).</summary>
public sealed record Trace(AgentStart Start, ImmutableArray<AgentStep> Steps, AgentOutcome? Outcome);
