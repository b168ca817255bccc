using System.Collections.Immutable;

namespace Taco.Tools.Values;

/// <summary>
/// A Python <c>dict</c> with string keys. Keys are kept sorted (ordinal) because the
/// TACO observations list them alphabetically.
/// </summary>
public sealed record ToolDict(ImmutableSortedDictionary<string, ToolValue> Entries) : ToolValue
{
    public ToolDict(IEnumerable<KeyValuePair<string, ToolValue>> entries)
        : this(entries.ToImmutableSortedDictionary(StringComparer.Ordinal))
    {
    }

    public static ToolDict Empty { get; } = new(ImmutableSortedDictionary.Create<string, ToolValue>(StringComparer.Ordinal));

    public ToolValue this[string key] => Entries[key];

    public bool TryGetValue(string key, out ToolValue value)
    {
        if (Entries.TryGetValue(key, out var found))
        {
            value = found;
            return true;
        }

        value = ToolValue.None;
        return false;
    }

    public ToolDict With(string key, ToolValue value) => new(Entries.SetItem(key, value));

    public bool Equals(ToolDict? other) =>
        other is not null && Entries.Count == other.Entries.Count &&
        Entries.All(kv => other.Entries.TryGetValue(kv.Key, out var v) && Equals(kv.Value, v));

    public override int GetHashCode() => Entries.Count;

    public override string ToString() => PythonRepr.Render(this);
}
