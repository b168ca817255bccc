namespace Taco.Tools.Values;

/// <summary>
/// An image produced or referenced by a tool. TACO renders it as <c>'image-3: &lt;image&gt;'</c>
/// and attaches the picture at the <c>&lt;image&gt;</c> placeholder.
/// </summary>
public sealed record ToolImage(ImageRef Image) : ToolValue
{
    public override string ToString() => PythonRepr.Render(this);
}
