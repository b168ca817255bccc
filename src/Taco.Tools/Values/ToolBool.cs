namespace Taco.Tools.Values;

/// <summary>A Python <c>bool</c>.</summary>
public sealed record ToolBool : ToolValue
{
    private ToolBool(bool value) => Value = value;

    public static ToolBool True { get; } = new(true);

    public static ToolBool False { get; } = new(false);

    public bool Value { get; }

    public override string ToString() => Value ? "True" : "False";
}
