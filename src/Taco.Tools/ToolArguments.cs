using System.Collections.Immutable;
using System.Numerics;
using Taco.Tools.Values;

namespace Taco.Tools;

/// <summary>Arguments after validation against a <see cref="ToolDescriptor"/>: every value has its declared type.</summary>
public sealed class ToolArguments
{
    private readonly ImmutableSortedDictionary<string, ToolValue> _values;

    internal ToolArguments(ImmutableSortedDictionary<string, ToolValue> values) => _values = values;

    public IReadOnlyDictionary<string, ToolValue> Values => _values;

    public bool Has(string name) => _values.ContainsKey(name);

    public string GetString(string name) => Get<ToolString>(name).Value;

    public double GetNumber(string name) => Get(name) switch
    {
        ToolFloat f => f.Value,
        ToolInteger i => (double)i.Value,
        var other => throw Mismatch(name, other),
    };

    public BigInteger GetInteger(string name) => Get<ToolInteger>(name).Value;

    public ImageRef GetImage(string name) => Get<ToolImage>(name).Image;

    public BoundingBox GetBBox(string name)
    {
        var items = Get<ToolList>(name).Items;
        return new BoundingBox(AsDouble(items[0]), AsDouble(items[1]), AsDouble(items[2]), AsDouble(items[3]));
    }

    public ImmutableArray<ToolValue> GetList(string name) => Get<ToolList>(name).Items;

    public ToolValue Get(string name) =>
        _values.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"Argument '{name}' was not given.");

    private T Get<T>(string name)
        where T : ToolValue => Get(name) is T t ? t : throw Mismatch(name, Get(name));

    private static double AsDouble(ToolValue v) => v is ToolFloat f ? f.Value : (double)((ToolInteger)v).Value;

    private static InvalidOperationException Mismatch(string name, ToolValue v) =>
        new($"Argument '{name}' holds a {v.GetType().Name}; the tool asked for another type (descriptor and code disagree).");
}
