using System.Collections.Immutable;

namespace Taco.Tools;

/// <summary>What a tool is, for validation and for the TACO prompt (<c>Name/Description/Arguments/Returns/Examples</c>).</summary>
public sealed record ToolDescriptor
{
    public ToolDescriptor(
        string name,
        string description,
        IEnumerable<ToolArgument> arguments,
        IEnumerable<ToolReturn> returns,
        IEnumerable<ToolExample>? examples = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        Name = name;
        Description = description;
        Arguments = [.. arguments];
        Returns = [.. returns];
        Examples = examples is null ? [] : [.. examples];
        var duplicate = Arguments.GroupBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Tool {name} declares argument '{duplicate.Key}' twice.", nameof(arguments));
        }

        foreach (var a in Arguments.Where(a => a.Type == ToolArgumentType.Array && a.ItemType is null or ToolArgumentType.Array))
        {
            throw new ArgumentException($"Tool {name}: array argument '{a.Name}' needs a non-array item type.", nameof(arguments));
        }
    }

    public string Name { get; }

    public string Description { get; }

    public ImmutableArray<ToolArgument> Arguments { get; }

    public ImmutableArray<ToolReturn> Returns { get; }

    public ImmutableArray<ToolExample> Examples { get; }

    public bool Equals(ToolDescriptor? other) => other is not null && other.Name == Name;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);
}
