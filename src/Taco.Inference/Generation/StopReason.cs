namespace Taco.Inference.Generation;

/// <summary>Why a generation ended.</summary>
public enum StopReason
{
    /// <summary>An end-of-sequence id was produced (it is part of the output ids).</summary>
    EndOfSequence,

    /// <summary>One of the stop strings appeared in the text.</summary>
    StopString,

    /// <summary>The maximum number of new tokens was reached.</summary>
    MaxNewTokens,

    /// <summary>The constraint said nothing more may follow.</summary>
    ConstraintComplete,

    /// <summary>The model's context length was reached.</summary>
    ContextFull,
}
