namespace Taco.Tools.Calculate;

/// <summary>
/// Bounds that keep the calculator fast whatever a model writes: input length, nesting,
/// and the size of integers (Python's own integers are unbounded; <c>9**9**9</c> would
/// take minutes there).
/// </summary>
public sealed record CalculatorLimits
{
    public static CalculatorLimits Default { get; } = new();

    /// <summary>Longest expression accepted, in characters.</summary>
    public int MaxLength { get; init; } = 2_000;

    /// <summary>Parentheses nesting limit; Python's parser stops at 200 too.</summary>
    public int MaxParenthesesDepth { get; init; } = 200;

    /// <summary>Nesting of everything else (power chains, function arguments).</summary>
    public int MaxNestingDepth { get; init; } = 400;

    /// <summary>Largest integer an intermediate result may have, in bits (about 6,000 decimal digits).</summary>
    public int MaxIntegerBits { get; init; } = 20_000;

    /// <summary>Python refuses to print integers longer than this (<c>sys.get_int_max_str_digits()</c>).</summary>
    public int MaxIntegerDigits { get; init; } = 4_300;
}
