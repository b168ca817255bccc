namespace Taco.Tools.Values;

/// <summary>A Python <c>str</c>.</summary>
public sealed record ToolString(string Value) : ToolValue
{
    public override string ToString() => PythonRepr.Render(this);
}
