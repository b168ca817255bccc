namespace Taco.Agent.Synthesis;

/// <summary>A plan's trace cannot be kept: <see cref="Reason"/> is one of <see cref="DropReasons"/>, the message says what.</summary>
public sealed class TraceDroppedException : Exception
{
    public TraceDroppedException()
        : this(DropReasons.BadPlan, "the trace was dropped")
    {
    }

    public TraceDroppedException(string message)
        : this(DropReasons.BadPlan, message)
    {
    }

    public TraceDroppedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = DropReasons.BadPlan;
    }

    public TraceDroppedException(string reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public string Reason { get; }
}
