namespace Taco.Tools.Values;

/// <summary>Python's <c>None</c>.</summary>
public sealed record ToolNone : ToolValue
{
    private ToolNone()
    {
    }

    internal static ToolNone Instance { get; } = new();

    public override string ToString() => "None";
}
