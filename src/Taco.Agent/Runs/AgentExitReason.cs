namespace Taco.Agent.Runs;

/// <summary>Why a run ended. The CLI maps each to a named exit code.</summary>
public enum AgentExitReason
{
    /// <summary>The model called Terminate.</summary>
    Answered,

    /// <summary>The model used all its replies without Terminate (the reference's fallback regex may still give an answer).</summary>
    MaxReplies,

    /// <summary>The model asked for the same action with the same arguments too many times in a row.</summary>
    Stalled,

    /// <summary>
    /// The model's context window filled up before an answer: no further reply fits (the reference's
    /// fallback answer may still apply).
    /// </summary>
    ContextFull,

    /// <summary>The run's total time budget ran out.</summary>
    TimedOut,

    /// <summary>The caller cancelled (Ctrl-C).</summary>
    Cancelled,

    /// <summary>The model failed (e.g. an inference error); see <see cref="AgentOutcome.Error"/>.</summary>
    ModelError,
}
