namespace Taco.Agent.Evaluation;

/// <summary>How a scored item ended, from its <see cref="BatchResult.Status"/> (or its absence).</summary>
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
