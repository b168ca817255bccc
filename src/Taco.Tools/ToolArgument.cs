namespace Taco.Tools;

/// <summary>One argument of a tool: a small JSON-schema-like description used both for validation and for the prompt.</summary>
public sealed record ToolArgument(string Name, ToolArgumentType Type, string Description)
{
    public bool Required { get; init; } = true;

    /// <summary>Lower bound for Number/Integer (and array items of those types).</summary>
    public double? Minimum { get; init; }

    public bool ExclusiveMinimum { get; init; }

    public double? Maximum { get; init; }

    public bool ExclusiveMaximum { get; init; }

    /// <summary>Message used when the value is out of range, e.g. a tool's own wording of "zoom factor must be greater than 1".</summary>
    public string? RangeMessage { get; init; }

    /// <summary>Item type when <see cref="Type"/> is <see cref="ToolArgumentType.Array"/>.</summary>
    public ToolArgumentType? ItemType { get; init; }

    public int? MinItems { get; init; }

    public int? MaxItems { get; init; }

    /// <summary>Longest accepted string (a guard against runaway model output).</summary>
    public int MaxLength { get; init; } = 10_000;
}
