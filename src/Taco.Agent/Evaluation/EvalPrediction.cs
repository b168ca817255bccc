using System.Collections.Immutable;

namespace Taco.Agent.Evaluation;

/// <summary>What the agent did on one item: its answer (if any), how the run ended, the tools it called.</summary>
public sealed record EvalPrediction
{
    public required string Id { get; init; }

    public string? Answer { get; init; }

    public PredictionStatus Status { get; init; } = PredictionStatus.Answered;

    /// <summary>Why the run ended (e.g. <c>max_replies</c>), for the report.</summary>
    public string? ExitReason { get; init; }

    /// <summary>Why the item failed (unreadable image, model error).</summary>
    public string? Error { get; init; }

    public ImmutableSortedDictionary<string, ToolCalls> Tools { get; init; } = ImmutableSortedDictionary<string, ToolCalls>.Empty;

    public double ElapsedMilliseconds { get; init; }
}

/// <summary>How many times a tool was called on an item, and how many of those calls failed.</summary>
public readonly record struct ToolCalls(int Calls, int Failures);

public enum PredictionStatus
{
    /// <summary>The model called Terminate.</summary>
    Answered,

    /// <summary>The run used its budget without Terminate (a fallback answer may still be scored).</summary>
    NoAnswer,

    /// <summary>The item could not be run (unreadable image, model error).</summary>
    Failed,

    /// <summary>No prediction was recorded for the item.</summary>
    Missing,
}
