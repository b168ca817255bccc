using Taco.Tools;

namespace Taco.Agent.Constraints;

/// <summary>
/// An argument's value by its declared type: a string, a number, an image id, a box or a list, each handed to
/// its scanner (the list's items too), with the grounded-number rule where the argument is under it.
/// </summary>
internal static class ValueScanner
{
    /// <summary>Clears every value scanner before an argument's value.</summary>
    public static void Start(ref CotaGrammarState state)
    {
        state.List = default;
        state.Box = default;
        StartScalar(ref state);
    }

    /// <summary>Clears the scanners of a list's item (a box's number, or a list's scalar or box).</summary>
    public static void StartItem(ref CotaGrammarState state, bool inBox)
    {
        StartScalar(ref state);
        if (!inBox)
        {
            state.Box = default;
        }
    }

    public static ScanStep Step(CotaGrammar grammar, ref CotaGrammarState state, ArgumentSpec spec, byte b) => spec.Type switch
    {
        ToolArgumentType.BBox => ListScanner.Step(grammar, ref state, spec, box: true, b),
        ToolArgumentType.Array => ListScanner.Step(grammar, ref state, spec, box: false, b),
        var type => ScalarStep(grammar, ref state, spec, type, b),
    };

    /// <summary>An item of a list argument: a box or a value of the item type.</summary>
    public static ScanStep ItemStep(CotaGrammar grammar, ref CotaGrammarState state, ArgumentSpec spec, byte b) =>
        spec.ItemType == ToolArgumentType.BBox
            ? ListScanner.Step(grammar, ref state, spec, box: true, b)
            : ScalarStep(grammar, ref state, spec, spec.ItemType, b);

    /// <summary>A number of a box.</summary>
    public static ScanStep BoxNumberStep(CotaGrammar grammar, ref CotaGrammarState state, ArgumentSpec spec, byte b) => spec.Grounded
        ? state.Number.StepGroundedUnit(b, grammar.Options, grammar.Numbers!, ref state.Grounded)
        : state.Number.Step(b, integerOnly: false, allowNegative: false, unit: true, grammar.Options);

    /// <summary>Bytes of the shortest way to finish the value.</summary>
    public static int MinBytes(in CotaGrammarState state, ArgumentSpec spec) => spec.Type switch
    {
        ToolArgumentType.BBox => BoxMin(state),
        ToolArgumentType.Array => state.List.MinBytes(
            spec.MinItems,
            ArgumentSpec.MinScalar(spec.ItemType),
            spec.ItemType == ToolArgumentType.BBox ? BoxMin(state) : ScalarMin(state, spec.ItemType)),
        var type => ScalarMin(state, type),
    };

    private static ScanStep ScalarStep(CotaGrammar grammar, ref CotaGrammarState state, ArgumentSpec spec, ToolArgumentType type, byte b) => type switch
    {
        ToolArgumentType.String when spec.Grounded => state.String.StepGrounded(b, spec.MaxStringBytes, grammar.Numbers!, ref state.Grounded),
        ToolArgumentType.String => state.String.Step(b, spec.MaxStringBytes),
        ToolArgumentType.Number => state.Number.Step(b, integerOnly: false, spec.AllowNegative, unit: false, grammar.Options),
        ToolArgumentType.Integer => state.Number.Step(b, integerOnly: true, spec.AllowNegative, unit: false, grammar.Options),
        ToolArgumentType.Image => state.ImageId.Step(b, grammar.ImageCount),
        _ => ScanStep.Reject,
    };

    private static void StartScalar(ref CotaGrammarState state)
    {
        state.String = default;
        state.Number = default;
        state.ImageId = default;
        state.Grounded.Phase = 0;
    }

    private static int BoxMin(in CotaGrammarState state) => state.Box.MinBytes(4, 1, state.Number.MinBytes);

    private static int ScalarMin(in CotaGrammarState state, ToolArgumentType type) => type switch
    {
        ToolArgumentType.String => state.String.MinBytes,
        ToolArgumentType.Image => state.ImageId.MinBytes,
        _ => state.Number.MinBytes,
    };
}
