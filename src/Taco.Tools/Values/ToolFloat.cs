namespace Taco.Tools.Values;

/// <summary>A Python <c>float</c>; printed in shortest round-trip form like <c>13.698630136986301</c>.</summary>
public sealed record ToolFloat(double Value) : ToolValue
{
    public override string ToString() => PythonRepr.Render(this);
}
