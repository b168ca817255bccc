namespace Taco.Agent.Replay;

/// <summary>One place where a replay disagrees with its trace; <see cref="Step"/> is null for run-level fields.</summary>
public sealed record ReplayDifference(int? Step, string Field, string? Recorded, string? Replayed);
