using System.Collections.Immutable;

namespace Taco.Tools.Values;

/// <summary>A Python <c>list</c>.</summary>
public sealed record ToolList(ImmutableArray<ToolValue> Items) : ToolValue
{
    public ToolList(IEnumerable<ToolValue> items)
        : this(items.ToImmutableArray())
    {
    }

    public bool Equals(ToolList? other) =>
        other is not null && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => Items.Length;

    public override string ToString() => PythonRepr.Render(this);
}
