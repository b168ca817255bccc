using Taco.Tools;

namespace Taco.Agent.Constraints;

/// <summary>One argument of one action as the grammar needs it.</summary>
internal sealed class ArgumentSpec
{
    public ArgumentSpec(ToolArgument argument, int index, CotaGrammarOptions options, bool grounded)
    {
        Grounded = grounded && (argument.Type == ToolArgumentType.String || IsBox(argument));
        Name = NameScanner.Encode(argument.Name, "argument");
        Type = argument.Type;
        Required = argument.Required;
        Bit = 1UL << index;
        ItemType = argument.ItemType ?? ToolArgumentType.String;
        MinItems = argument.Type == ToolArgumentType.Array ? Math.Max(0, argument.MinItems ?? 0) : 0;
        MaxItems = Math.Max(MinItems, Math.Min(argument.MaxItems ?? options.MaxArrayItems, Math.Max(options.MaxArrayItems, MinItems)));
        MaxStringBytes = Math.Min(argument.MaxLength, options.MaxStringBytes);
        AllowNegative = argument.Minimum is not { } low || low < 0;
        MinValue = Type switch
        {
            ToolArgumentType.Array => ListValue(MinItems, MinScalar(ItemType)),
            var t => MinScalar(t),
        };
        MinPair = Name.Length + 3 + MinValue;
    }

    public byte[] Name { get; }

    public ToolArgumentType Type { get; }

    public bool Required { get; }

    public ulong Bit { get; }

    public ToolArgumentType ItemType { get; }

    public int MinItems { get; }

    public int MaxItems { get; }

    public int MaxStringBytes { get; }

    public bool AllowNegative { get; }

    /// <summary>A string argument, or a box or list of boxes, under the grounded-number rule.</summary>
    public bool Grounded { get; }

    /// <summary>Bytes of the shortest value.</summary>
    public int MinValue { get; }

    /// <summary>Bytes of the shortest <c>"name":value</c>.</summary>
    public int MinPair { get; }

    public static bool IsBox(ToolArgument argument) =>
        argument.Type == ToolArgumentType.BBox || (argument.Type == ToolArgumentType.Array && argument.ItemType == ToolArgumentType.BBox);

    public static int MinScalar(ToolArgumentType type) => type switch
    {
        ToolArgumentType.String => 2,
        ToolArgumentType.Image => ImageIdScanner.MinValue,
        ToolArgumentType.BBox => ListValue(4, 1),
        _ => 1,
    };

    public static int ListValue(int items, int itemMin) => items == 0 ? 2 : 2 + (items * itemMin) + (items - 1);

    /// <summary>A value can be written at all: an image id needs an image.</summary>
    public bool IsSatisfiable(int imageCount) =>
        imageCount > 0 || !(Type == ToolArgumentType.Image || (Type == ToolArgumentType.Array && ItemType == ToolArgumentType.Image && MinItems > 0));
}
