namespace Taco.Tools;

/// <summary>The argument types a TACO action takes.</summary>
public enum ToolArgumentType
{
    String,
    Number,
    Integer,

    /// <summary><c>[left, top, right, bottom]</c>, fractions 0–1.</summary>
    BBox,

    /// <summary>An image id such as <c>image-0</c>.</summary>
    Image,

    /// <summary>A list whose items have <see cref="ToolArgument.ItemType"/>.</summary>
    Array,
}
