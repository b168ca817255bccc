using System.Numerics;

namespace Taco.Tools.Values;

/// <summary>A Python <c>int</c> (arbitrary precision).</summary>
public sealed record ToolInteger(BigInteger Value) : ToolValue
{
    public override string ToString() => PythonRepr.Render(this);
}
