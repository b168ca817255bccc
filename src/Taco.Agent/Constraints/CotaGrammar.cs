using System.Text;
using Taco.Agent.Protocol;
using Taco.Tools;

namespace Taco.Agent.Constraints;

/// <summary>
/// The replies a model may write at one CoTA step, as a byte automaton: one JSON object
/// <c>{"thought": "…", "actions": [{"name": "…", "arguments": {…}}]}</c> (keys in that order, optionally in a
/// <c>```json</c> fence) whose action is one of the step's tools, whose arguments are that tool's — every
/// required one present once, each of its declared type — whose image ids name images that exist, and whose
/// boxes are four numbers between 0 and 1. Every such reply passes <see cref="CotaParser"/>; the tool's
/// validator may still reject a value (a box with left ≥ right, a zoom factor ≤ 1), and says why.
/// Built per step, since the images grow as tools create them. Immutable and thread-safe; the partial reply
/// lives in a <see cref="CotaGrammarState"/>. With <see cref="GroundedNumbers"/>, the numbers written in the string
/// arguments it applies to must be ones it allows (see <c>README.md</c>).
/// </summary>
public sealed class CotaGrammar
{
    internal const byte Quote = (byte)'"';
    internal const byte Backslash = (byte)'\\';
    private static readonly byte[] FenceOpenBytes = "```json"u8.ToArray();
    private static readonly byte[] FenceCloseBytes = "```"u8.ToArray();

    private readonly List<Segment> _segments = [];
    private readonly int _afterActions;
    private readonly int _fenceClose;
    private readonly byte[][] _names;
    private readonly ArgSpec[][] _args;
    private readonly ulong _allowedTools;
    private readonly CotaGrammarOptions _options;
    private readonly GroundedNumbers? _numbers;

    /// <summary>Fewest bytes that complete the reply from the start of segment i, per tool (row 0: tool not yet known).</summary>
    private readonly int[][] _minSuffix;

    /// <param name="numbers">The grounded-number rule for this step; null leaves numbers free.</param>
    public CotaGrammar(IReadOnlyList<ToolDescriptor> actions, int imageCount, CotaGrammarOptions? options = null, GroundedNumbers? numbers = null)
    {
        ArgumentNullException.ThrowIfNull(actions);
        ArgumentOutOfRangeException.ThrowIfNegative(imageCount);
        if (actions.Count > 64)
        {
            throw new ArgumentException($"The grammar handles at most 64 actions; {actions.Count} were given.", nameof(actions));
        }

        _options = options ?? new CotaGrammarOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxWhitespace, 0, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxThoughtBytes, 8, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxStringBytes, 8, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxIntegerDigits, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxFractionDigits, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxArrayItems, 1, nameof(options));
        ImageCount = imageCount;
        _numbers = numbers;
        _names = [.. actions.Select(a => CheckedName(a.Name, "action"))];
        _args = [.. actions.Select(a => a.Arguments.Select((arg, i) => new ArgSpec(arg, i, _options, numbers is not null && (numbers.AppliesTo(a.Name, arg.Name) || (numbers.GroundsBoxes && IsBox(arg))))).ToArray())];
        for (var t = 0; t < actions.Count; t++)
        {
            if (_args[t].Length > 64)
            {
                throw new ArgumentException($"Action {actions[t].Name} has more than 64 arguments.", nameof(actions));
            }

            if (_args[t].All(a => !a.Required || a.IsSatisfiable(imageCount)))
            {
                _allowedTools |= 1UL << t;
            }
        }

        if (_allowedTools == 0 && !_options.AllowEmptyActions)
        {
            throw new ArgumentException("No action can be called (each needs an image and there is none), and empty actions are not allowed.", nameof(actions));
        }

        if (_options.AllowFence)
        {
            Add(SegmentKind.FenceOpen);
        }

        Add(SegmentKind.Ws);
        Literal("{");
        Literal("\"thought\"");
        Literal(":");
        Add(SegmentKind.Thought);
        Add(SegmentKind.Ws);
        Literal(",");
        Literal("\"actions\"");
        Literal(":");
        Literal("[");
        Add(SegmentKind.ActionsOpen);
        Add(SegmentKind.Ws);
        Literal("\"name\"");
        Literal(":");
        Add(SegmentKind.Name);
        Add(SegmentKind.Ws);
        Literal(",");
        Literal("\"arguments\"");
        Literal(":");
        Add(SegmentKind.Args);
        Add(SegmentKind.Ws);
        Literal("}");
        Literal("]", wsAfter: false);
        _afterActions = _segments.Count;
        Add(SegmentKind.Ws);
        Literal("}");
        _fenceClose = _segments.Count;
        Add(SegmentKind.FenceClose);
        Add(SegmentKind.End);
        _minSuffix = ComputeMinSuffix();
        Start = new CotaGrammarState { Tool = -1 };
        MaxMinBytes = _minSuffix.Max(row => row[0]) + FenceOpenBytes.Length + FenceCloseBytes.Length + 64;

        void Literal(string text, bool wsAfter = true)
        {
            _segments.Add(new Segment(SegmentKind.Literal, Encoding.UTF8.GetBytes(text)));
            if (wsAfter)
            {
                Add(SegmentKind.Ws);
            }
        }
    }

    /// <summary>Images that exist at this step (<c>image-0 … image-(n−1)</c>).</summary>
    public int ImageCount { get; }

    /// <summary>The state before the first byte.</summary>
    public CotaGrammarState Start { get; }

    /// <summary>An upper bound of <see cref="MinBytesToComplete"/> over every state: above it, a budget never binds.</summary>
    public int MaxMinBytes { get; }

    /// <summary>Whether the reply may end here (the object, and its fence if opened, are complete).</summary>
    public bool IsAccepting(in CotaGrammarState state) => MinBytesToComplete(state) == 0;

    /// <summary>Whether <paramref name="bytes"/> is a whole reply.</summary>
    public bool Matches(ReadOnlySpan<byte> bytes)
    {
        var state = Start;
        return Advance(ref state, bytes) && IsAccepting(state);
    }

    /// <summary>Advances over a token's bytes; false (state undefined) when one is not allowed.</summary>
    public bool Advance(ref CotaGrammarState state, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (!Advance(ref state, b))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Advances over one byte; false (state undefined) when it is not allowed here.</summary>
    public bool Advance(ref CotaGrammarState state, byte b)
    {
        while (true)
        {
            var segment = _segments[state.Seg];
            switch (segment.Kind)
            {
                case SegmentKind.FenceOpen:
                    if (state.Pos == 0 && b != FenceOpenBytes[0])
                    {
                        Next(ref state);
                        continue;
                    }

                    if (b != FenceOpenBytes[state.Pos])
                    {
                        return false;
                    }

                    state.Fenced = true;
                    if (++state.Pos == FenceOpenBytes.Length)
                    {
                        Next(ref state);
                    }

                    return true;
                case SegmentKind.Ws:
                    if (IsWhitespace(b))
                    {
                        if (state.Pos >= _options.MaxWhitespace)
                        {
                            return false;
                        }

                        state.Pos++;
                        return true;
                    }

                    Next(ref state);
                    continue;
                case SegmentKind.Literal:
                    if (b != segment.Bytes![state.Pos])
                    {
                        return false;
                    }

                    if (++state.Pos == segment.Bytes.Length)
                    {
                        Next(ref state);
                    }

                    return true;
                case SegmentKind.Thought:
                    switch (state.String.Step(b, _options.MaxThoughtBytes))
                    {
                        case ScanStep.Consumed:
                            return true;
                        case ScanStep.Done:
                            Next(ref state);
                            return true;
                        default:
                            return false;
                    }

                case SegmentKind.ActionsOpen:
                    if (b == '{' && _allowedTools != 0)
                    {
                        Next(ref state);
                        return true;
                    }

                    if (b == ']' && _options.AllowEmptyActions)
                    {
                        state.Seg = (short)_afterActions;
                        state.Pos = 0;
                        return true;
                    }

                    return false;
                case SegmentKind.Name:
                    return NameStep(ref state, b);
                case SegmentKind.Args:
                    switch (ArgsStep(ref state, b))
                    {
                        case ScanStep.Consumed:
                            return true;
                        case ScanStep.Done:
                            Next(ref state);
                            return true;
                        default:
                            return false;
                    }

                case SegmentKind.FenceClose:
                    if (!state.Fenced)
                    {
                        Next(ref state);
                        continue;
                    }

                    if (b != FenceCloseBytes[state.Pos])
                    {
                        return false;
                    }

                    if (++state.Pos == FenceCloseBytes.Length)
                    {
                        Next(ref state);
                    }

                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>
    /// The fewest bytes that complete the reply from <paramref name="state"/> (0: it may end here). With a token
    /// for every single byte, as byte-level and byte-fallback vocabularies have, that many tokens always suffice.
    /// </summary>
    public int MinBytesToComplete(in CotaGrammarState state)
    {
        var seg = state.Seg;
        var segment = _segments[seg];
        var row = _minSuffix[state.Tool + 1];
        var fence = state.Fenced && seg < _fenceClose ? FenceCloseBytes.Length : 0;
        switch (segment.Kind)
        {
            case SegmentKind.FenceOpen:
                return (state.Pos == 0 ? 0 : FenceOpenBytes.Length - state.Pos) + row[seg + 1] + fence;
            case SegmentKind.Ws:
                return row[seg + 1] + fence;
            case SegmentKind.Literal:
                return segment.Bytes!.Length - state.Pos + row[seg + 1] + fence;
            case SegmentKind.Thought:
                return state.String.MinBytes + row[seg + 1] + fence;
            case SegmentKind.ActionsOpen:
                return row[seg] + fence;
            case SegmentKind.Name:
                if (state.Pos == 0)
                {
                    return row[seg] + fence;
                }

                var best = int.MaxValue;
                var typed = state.Pos - 1;
                for (var c = state.Candidates; c != 0; c &= c - 1)
                {
                    var t = System.Numerics.BitOperations.TrailingZeroCount(c);
                    best = Math.Min(best, _names[t].Length - typed + 1 + _minSuffix[t + 1][seg + 1]);
                }

                return best + fence;
            case SegmentKind.Args:
                return ArgsMin(state) + row[seg + 1] + fence;
            case SegmentKind.FenceClose:
                return state.Fenced ? FenceCloseBytes.Length - state.Pos : 0;
            default:
                return 0;
        }
    }

    /// <summary>
    /// Whether <paramref name="state"/> is inside a string with no escape or character half written, so that
    /// plain text (no quote, backslash or control byte; whole UTF-8 characters) of up to <paramref name="room"/>
    /// bytes is allowed and leaves everything but the string's length unchanged.
    /// </summary>
    internal bool InPlainString(in CotaGrammarState state, out int room) => InPlainString(state, out room, out var digits) && !digits;

    /// <summary>
    /// <see cref="InPlainString(in CotaGrammarState, out int)"/>, but in a string under the grounded-number rule too,
    /// where <paramref name="digits"/> says that only plain text without ASCII digits leaves the state unchanged
    /// (text with digits must be walked through the rule).
    /// </summary>
    internal bool InPlainString(in CotaGrammarState state, out int room, out bool digits)
    {
        room = 0;
        digits = false;
        if (!state.String.IsPlain)
        {
            return false;
        }

        var segment = _segments[state.Seg].Kind;
        int max;
        if (segment == SegmentKind.Thought)
        {
            max = _options.MaxThoughtBytes;
        }
        else if (segment == SegmentKind.Args && state.ArgsPhase == 5)
        {
            var spec = _args[state.Tool][state.Arg];
            var isString = spec.Type == ToolArgumentType.String
                || (spec.Type == ToolArgumentType.Array && spec.ItemType == ToolArgumentType.String && state.ListPhase == 2);
            if (!isString)
            {
                return false;
            }

            // Digit-free text only ends a number being written, which is always allowed.
            digits = spec.Grounded;
            if (digits && !state.Grounded.MayEnd)
            {
                return false;
            }

            max = spec.MaxStringBytes;
        }
        else
        {
            return false;
        }

        room = max - state.String.Bytes;
        return true;
    }

    private static bool IsBox(ToolArgument argument) =>
        argument.Type == ToolArgumentType.BBox || (argument.Type == ToolArgumentType.Array && argument.ItemType == ToolArgumentType.BBox);

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    private static byte[] CheckedName(string name, string what)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length == 0 || bytes.Any(b => b < 0x20 || b == Quote || b == Backslash))
        {
            throw new ArgumentException($"The {what} name \"{name}\" cannot be written in JSON without escapes; the grammar needs plain names.");
        }

        return bytes;
    }

    private static void Next(ref CotaGrammarState state)
    {
        state.Seg++;
        state.Pos = 0;
    }

    private void Add(SegmentKind kind) => _segments.Add(new Segment(kind, null));

    private int[][] ComputeMinSuffix()
    {
        var count = _segments.Count;
        var rows = new int[_names.Length + 1][];
        for (var t = 0; t < _names.Length; t++)
        {
            rows[t + 1] = Row(t, rows);
        }

        rows[0] = Row(-1, rows);
        return rows;

        int[] Row(int tool, int[][] known)
        {
            var row = new int[count + 1];
            for (var i = count - 1; i >= 0; i--)
            {
                var segment = _segments[i];
                row[i] = segment.Kind switch
                {
                    SegmentKind.Literal => segment.Bytes!.Length + row[i + 1],
                    SegmentKind.Thought => 2 + row[i + 1],
                    SegmentKind.ActionsOpen => Math.Min(
                        _options.AllowEmptyActions ? 1 + row[_afterActions] : int.MaxValue / 2,
                        _allowedTools != 0 ? 1 + row[i + 1] : int.MaxValue / 2),
                    SegmentKind.Name when tool >= 0 => 2 + _names[tool].Length + row[i + 1],
                    SegmentKind.Name => MinOverTools(t => 2 + _names[t].Length + known[t + 1][i + 1]),
                    SegmentKind.Args when tool >= 0 => ArgsFresh(tool) + row[i + 1],
                    SegmentKind.Args => MinOverTools(t => ArgsFresh(t) + known[t + 1][i + 1]),
                    _ => row[i + 1],
                };
            }

            return row;
        }

        int MinOverTools(Func<int, int> cost)
        {
            var best = int.MaxValue / 2;
            for (var c = _allowedTools; c != 0; c &= c - 1)
            {
                best = Math.Min(best, cost(System.Numerics.BitOperations.TrailingZeroCount(c)));
            }

            return best;
        }
    }

    private bool NameStep(ref CotaGrammarState state, byte b)
    {
        if (state.Pos == 0)
        {
            if (b != Quote)
            {
                return false;
            }

            state.Pos = 1;
            state.Candidates = _allowedTools;
            return true;
        }

        var typed = state.Pos - 1;
        if (b == Quote)
        {
            for (var c = state.Candidates; c != 0; c &= c - 1)
            {
                var t = System.Numerics.BitOperations.TrailingZeroCount(c);
                if (_names[t].Length == typed)
                {
                    state.Tool = (sbyte)t;
                    state.ArgsPhase = 0;
                    state.Used = 0;
                    Next(ref state);
                    return true;
                }
            }

            return false;
        }

        ulong next = 0;
        for (var c = state.Candidates; c != 0; c &= c - 1)
        {
            var t = System.Numerics.BitOperations.TrailingZeroCount(c);
            if (_names[t].Length > typed && _names[t][typed] == b)
            {
                next |= 1UL << t;
            }
        }

        if (next == 0)
        {
            return false;
        }

        state.Candidates = next;
        state.Pos++;
        return true;
    }

    // ---- the arguments object ----------------------------------------------------------------------------

    private ScanStep ArgsStep(ref CotaGrammarState state, byte b)
    {
        var args = _args[state.Tool];
        switch (state.ArgsPhase)
        {
            case 0:
                if (b != '{')
                {
                    return ScanStep.Reject;
                }

                state.ArgsPhase = 1;
                state.Ws = 0;
                return ScanStep.Consumed;
            case 1:
            case 6:
                if (IsWhitespace(b))
                {
                    return WsStep(ref state);
                }

                if (b == Quote && state.ArgsPhase == 1)
                {
                    return StartKey(ref state, args);
                }

                if (b == ',' && state.ArgsPhase == 6 && Unused(state, args) != 0)
                {
                    state.ArgsPhase = 7;
                    state.Ws = 0;
                    return ScanStep.Consumed;
                }

                return b == '}' && RequiredDone(state, args) ? ScanStep.Done : ScanStep.Reject;
            case 7:
                if (IsWhitespace(b))
                {
                    return WsStep(ref state);
                }

                return b == Quote ? StartKey(ref state, args) : ScanStep.Reject;
            case 2:
                return KeyStep(ref state, args, b);
            case 3:
                if (IsWhitespace(b))
                {
                    return WsStep(ref state);
                }

                if (b != ':')
                {
                    return ScanStep.Reject;
                }

                state.ArgsPhase = 4;
                state.Ws = 0;
                return ScanStep.Consumed;
            case 4:
                if (IsWhitespace(b))
                {
                    return WsStep(ref state);
                }

                state.ArgsPhase = 5;
                state.ListPhase = 0;
                state.ListCount = 0;
                state.BoxPhase = 0;
                state.BoxCount = 0;
                ResetScalar(ref state);
                goto case 5;
            case 5:
                var spec = args[state.Arg];
                var step = ValueStep(ref state, spec, b);
                if (step is ScanStep.Done or ScanStep.DoneBefore)
                {
                    state.Used |= 1UL << state.Arg;
                    state.ArgsPhase = 6;
                    state.Ws = 0;
                    if (step == ScanStep.DoneBefore)
                    {
                        goto case 6;
                    }

                    return ScanStep.Consumed;
                }

                return step;
            default:
                return ScanStep.Reject;
        }
    }

    private ScanStep WsStep(ref CotaGrammarState state)
    {
        if (state.Ws >= _options.MaxWhitespace)
        {
            return ScanStep.Reject;
        }

        state.Ws++;
        return ScanStep.Consumed;
    }

    private static ulong AllArgs(ArgSpec[] args) => args.Length == 64 ? ulong.MaxValue : (1UL << args.Length) - 1;

    private static ulong Unused(in CotaGrammarState state, ArgSpec[] args) => AllArgs(args) & ~state.Used;

    private static bool RequiredDone(in CotaGrammarState state, ArgSpec[] args)
    {
        foreach (var a in args)
        {
            if (a.Required && (state.Used & a.Bit) == 0)
            {
                return false;
            }
        }

        return true;
    }

    private ScanStep StartKey(ref CotaGrammarState state, ArgSpec[] args)
    {
        ulong candidates = 0;
        for (var c = Unused(state, args); c != 0; c &= c - 1)
        {
            var i = System.Numerics.BitOperations.TrailingZeroCount(c);
            if (args[i].IsSatisfiable(ImageCount))
            {
                candidates |= 1UL << i;
            }
        }

        if (candidates == 0)
        {
            return ScanStep.Reject;
        }

        state.KeyCandidates = candidates;
        state.KeyPos = 0;
        state.ArgsPhase = 2;
        return ScanStep.Consumed;
    }

    private static ScanStep KeyStep(ref CotaGrammarState state, ArgSpec[] args, byte b)
    {
        if (b == Quote)
        {
            for (var c = state.KeyCandidates; c != 0; c &= c - 1)
            {
                var i = System.Numerics.BitOperations.TrailingZeroCount(c);
                if (args[i].Name.Length == state.KeyPos)
                {
                    state.Arg = (sbyte)i;
                    state.ArgsPhase = 3;
                    state.Ws = 0;
                    return ScanStep.Consumed;
                }
            }

            return ScanStep.Reject;
        }

        ulong next = 0;
        for (var c = state.KeyCandidates; c != 0; c &= c - 1)
        {
            var i = System.Numerics.BitOperations.TrailingZeroCount(c);
            if (args[i].Name.Length > state.KeyPos && args[i].Name[state.KeyPos] == b)
            {
                next |= 1UL << i;
            }
        }

        if (next == 0)
        {
            return ScanStep.Reject;
        }

        state.KeyCandidates = next;
        state.KeyPos++;
        return ScanStep.Consumed;
    }

    // ---- values ------------------------------------------------------------------------------------------

    private ScanStep ValueStep(ref CotaGrammarState state, ArgSpec spec, byte b) => spec.Type switch
    {
        ToolArgumentType.BBox => ListStep(ref state, spec, box: true, b),
        ToolArgumentType.Array => ListStep(ref state, spec, box: false, b),
        var type => ScalarStep(ref state, spec, type, unit: false, b),
    };

    private ScanStep ScalarStep(ref CotaGrammarState state, ArgSpec spec, ToolArgumentType type, bool unit, byte b) => type switch
    {
        ToolArgumentType.String when spec.Grounded => state.String.StepGrounded(b, spec.MaxStringBytes, _numbers!, ref state.Grounded),
        ToolArgumentType.String => state.String.Step(b, spec.MaxStringBytes),
        ToolArgumentType.Number when unit && spec.Grounded => state.Number.StepGroundedUnit(b, _options, _numbers!, ref state.Grounded),
        ToolArgumentType.Number => state.Number.Step(b, integerOnly: false, spec.AllowNegative && !unit, unit, _options),
        ToolArgumentType.Integer => state.Number.Step(b, integerOnly: true, spec.AllowNegative, unit: false, _options),
        ToolArgumentType.Image => state.ImageId.Step(b, ImageCount),
        _ => ScanStep.Reject,
    };

    private static void ResetScalar(ref CotaGrammarState state)
    {
        state.Grounded.Phase = 0;
        state.String = default;
        state.Number = default;
        state.ImageId = default;
    }

    /// <summary>A list argument (<paramref name="box"/> false) or a box of four numbers 0–1, either the argument or a list's item.</summary>
    private ScanStep ListStep(ref CotaGrammarState state, ArgSpec spec, bool box, byte b)
    {
        ref var phase = ref box ? ref state.BoxPhase : ref state.ListPhase;
        ref var count = ref box ? ref state.BoxCount : ref state.ListCount;
        var min = box ? 4 : spec.MinItems;
        var max = box ? 4 : spec.MaxItems;
        while (true)
        {
            switch (phase)
            {
                case 0:
                    if (b != '[')
                    {
                        return ScanStep.Reject;
                    }

                    phase = 1;
                    count = 0;
                    state.Ws = 0;
                    return ScanStep.Consumed;
                case 1:
                case 4:
                    if (IsWhitespace(b))
                    {
                        return WsStep(ref state);
                    }

                    if (b == ']' && phase == 1 && min == 0)
                    {
                        return ScanStep.Done;
                    }

                    phase = 2;
                    ResetScalar(ref state);
                    if (!box)
                    {
                        state.BoxPhase = 0;
                        state.BoxCount = 0;
                    }

                    continue;
                case 2:
                    var item = box
                        ? ScalarStep(ref state, spec, ToolArgumentType.Number, unit: true, b)
                        : spec.ItemType == ToolArgumentType.BBox
                            ? ListStep(ref state, spec, box: true, b)
                            : ScalarStep(ref state, spec, spec.ItemType, unit: false, b);
                    switch (item)
                    {
                        case ScanStep.Consumed:
                            return ScanStep.Consumed;
                        case ScanStep.Done:
                            count++;
                            phase = 3;
                            state.Ws = 0;
                            return ScanStep.Consumed;
                        case ScanStep.DoneBefore:
                            count++;
                            phase = 3;
                            state.Ws = 0;
                            continue;
                        default:
                            return ScanStep.Reject;
                    }

                case 3:
                    if (IsWhitespace(b))
                    {
                        return WsStep(ref state);
                    }

                    if (b == ',' && count < max)
                    {
                        phase = 4;
                        state.Ws = 0;
                        return ScanStep.Consumed;
                    }

                    return b == ']' && count >= min ? ScanStep.Done : ScanStep.Reject;
                default:
                    return ScanStep.Reject;
            }
        }
    }

    // ---- fewest bytes to finish the arguments ------------------------------------------------------------

    /// <summary><c>{</c>, the required arguments at their shortest, <c>}</c>.</summary>
    private int ArgsFresh(int tool)
    {
        var args = _args[tool];
        return 1 + RemainingArgs(args, used: 0, started: false) + 1;
    }

    /// <summary>The shortest <c>"name":value</c> pairs of the required arguments not yet written, with their commas.</summary>
    private static int RemainingArgs(ArgSpec[] args, ulong used, bool started)
    {
        var total = 0;
        var pairs = 0;
        foreach (var a in args)
        {
            if (a.Required && (used & a.Bit) == 0)
            {
                total += a.MinPair;
                pairs++;
            }
        }

        return total + (started ? pairs : Math.Max(0, pairs - 1));
    }

    private int ArgsMin(in CotaGrammarState state)
    {
        var args = _args[state.Tool];
        switch (state.ArgsPhase)
        {
            case 0:
                return ArgsFresh(state.Tool);
            case 1:
                return RemainingArgs(args, state.Used, started: false) + 1;
            case 6:
                return RemainingArgs(args, state.Used, started: true) + 1;
            case 2:
            case 7:
                var best = int.MaxValue;
                var candidates = state.ArgsPhase == 2 ? state.KeyCandidates : Unused(state, args);
                for (var c = candidates; c != 0; c &= c - 1)
                {
                    var a = args[System.Numerics.BitOperations.TrailingZeroCount(c)];
                    if (!a.IsSatisfiable(ImageCount))
                    {
                        continue;
                    }

                    var pair = state.ArgsPhase == 2 ? a.Name.Length - state.KeyPos + 2 + a.MinValue : a.MinPair;
                    best = Math.Min(best, pair + RemainingArgs(args, state.Used | a.Bit, started: true));
                }

                return best + 1;
            default:
                var arg = args[state.Arg];
                var value = state.ArgsPhase switch
                {
                    3 => 1 + arg.MinValue,
                    4 => arg.MinValue,
                    _ => ValueMin(state, arg),
                };
                return value + RemainingArgs(args, state.Used | arg.Bit, started: true) + 1;
        }
    }

    private static int ValueMin(in CotaGrammarState state, ArgSpec spec) => spec.Type switch
    {
        ToolArgumentType.BBox => ListMin(state.BoxPhase, state.BoxCount, 4, 1, state.Number.MinBytes),
        ToolArgumentType.Array => ListMin(
            state.ListPhase,
            state.ListCount,
            spec.MinItems,
            ArgSpec.MinScalar(spec.ItemType),
            spec.ItemType == ToolArgumentType.BBox ? ListMin(state.BoxPhase, state.BoxCount, 4, 1, state.Number.MinBytes) : ScalarMin(state, spec.ItemType)),
        var type => ScalarMin(state, type),
    };

    private static int ScalarMin(in CotaGrammarState state, ToolArgumentType type) => type switch
    {
        ToolArgumentType.String => state.String.MinBytes,
        ToolArgumentType.Image => state.ImageId.MinBytes,
        _ => state.Number.MinBytes,
    };

    private static int ListMin(byte phase, int count, int min, int itemMin, int currentItem) => phase switch
    {
        0 => ArgSpec.ListValue(min, itemMin),
        1 => min == 0 ? 1 : (min * itemMin) + (min - 1) + 1,
        2 => currentItem + (Math.Max(0, min - count - 1) * (1 + itemMin)) + 1,
        3 => (Math.Max(0, min - count) * (1 + itemMin)) + 1,
        _ => itemMin + ((Math.Max(1, min - count) - 1) * (1 + itemMin)) + 1,
    };

    private enum SegmentKind : byte
    {
        FenceOpen,
        Ws,
        Literal,
        Thought,
        ActionsOpen,
        Name,
        Args,
        FenceClose,
        End,
    }

    private readonly record struct Segment(SegmentKind Kind, byte[]? Bytes);

    /// <summary>One argument of one action as the grammar needs it.</summary>
    private sealed class ArgSpec
    {
        public ArgSpec(ToolArgument argument, int index, CotaGrammarOptions options, bool grounded)
        {
            Grounded = grounded && (argument.Type == ToolArgumentType.String || IsBox(argument));
            Name = CheckedName(argument.Name, "argument");
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
}
