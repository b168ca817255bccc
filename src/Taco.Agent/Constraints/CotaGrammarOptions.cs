namespace Taco.Agent.Constraints;

/// <summary>
/// Limits of the CoTA reply grammar. The caps keep every reply finite, so a model that rambles is
/// steered to close its strings and objects instead of running into the token limit.
/// </summary>
public sealed record CotaGrammarOptions
{
    /// <summary>Allow the reply to be wrapped in a <c>```json … ```</c> fence, as some TACO models write it.</summary>
    public bool AllowFence { get; init; } = true;

    /// <summary>Allow <c>"actions": []</c> (the protocol's "no action needed").</summary>
    public bool AllowEmptyActions { get; init; } = true;

    /// <summary>Longest run of whitespace between JSON tokens.</summary>
    public int MaxWhitespace { get; init; } = 6;

    /// <summary>Longest thought, in UTF-8 bytes.</summary>
    public int MaxThoughtBytes { get; init; } = 2048;

    /// <summary>Longest string argument, in UTF-8 bytes (a tool's own smaller limit wins).</summary>
    public int MaxStringBytes { get; init; } = 512;

    /// <summary>Most digits before the decimal point of a number argument.</summary>
    public int MaxIntegerDigits { get; init; } = 12;

    /// <summary>Most digits after the decimal point of a number argument.</summary>
    public int MaxFractionDigits { get; init; } = 8;

    /// <summary>Most items of a list argument whose tool sets no maximum.</summary>
    public int MaxArrayItems { get; init; } = 16;
}
