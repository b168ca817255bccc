using System.Numerics;

namespace Taco.Tools.Values;

/// <summary>
/// A tool result value: the small subset of Python values TACO observations carry
/// (str, int, float, bool, None, list, dict, and image references), so the agent can
/// render results exactly as the reference's Python <c>repr</c> would.
/// </summary>
public abstract record ToolValue
{
    private protected ToolValue()
    {
    }

    public static ToolNone None => ToolNone.Instance;

    public static ToolString Of(string value) => new(value);

    public static ToolInteger Of(long value) => new(value);

    public static ToolInteger Of(BigInteger value) => new(value);

    public static ToolFloat Of(double value) => new(value);

    public static ToolBool Of(bool value) => value ? ToolBool.True : ToolBool.False;

    /// <summary>The value as Python's <c>repr()</c> prints it.</summary>
    public string ToPythonRepr() => PythonRepr.Render(this);

    public override string ToString() => ToPythonRepr();
}
