namespace Taco.Agent.Tracing;

/// <summary>The <c>type</c> field of a trace line.</summary>
public static class TraceRecordType
{
    public const string Start = "start";
    public const string Step = "step";
    public const string Outcome = "outcome";
}
