using System.Numerics;
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
    private readonly ulong _allowedTools;

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

        Options = options ?? new CotaGrammarOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxWhitespace, 0, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxThoughtBytes, 8, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxStringBytes, 8, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxIntegerDigits, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxFractionDigits, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxArrayItems, 1, nameof(options));
        ImageCount = imageCount;
        Numbers = numbers;
        Actions = [.. actions.Select(a => new ActionSpec(a, imageCount, Options, numbers))];
        _names = [.. Actions.Select(a => a.Name)];
        for (var t = 0; t < Actions.Length; t++)
        {
            if (Actions[t].Arguments.Length > 64)
            {
                throw new ArgumentException($"Action {actions[t].Name} has more than 64 arguments.", nameof(actions));
            }

            if (Actions[t].IsCallable)
            {
                _allowedTools |= 1UL << t;
            }
        }

        if (_allowedTools == 0 && !Options.AllowEmptyActions)
        {
            throw new ArgumentException("No action can be called (each needs an image and there is none), and empty actions are not allowed.", nameof(actions));
        }

        if (Options.AllowFence)
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

    internal CotaGrammarOptions Options { get; }

    /// <summary>The grounded-number rule for this step, if any.</summary>
    internal GroundedNumbers? Numbers { get; }

    /// <summary>The step's actions, in the order given.</summary>
    internal ActionSpec[] Actions { get; }

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
                        if (state.Pos >= Options.MaxWhitespace)
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
                    switch (state.String.Step(b, Options.MaxThoughtBytes))
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

                    if (b == ']' && Options.AllowEmptyActions)
                    {
                        state.Seg = (short)_afterActions;
                        state.Pos = 0;
                        return true;
                    }

                    return false;
                case SegmentKind.Name:
                    return NameStep(ref state, b);
                case SegmentKind.Args:
                    switch (ArgumentsScanner.Step(this, ref state, b))
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
                for (var c = state.Action.Candidates; c != 0; c &= c - 1)
                {
                    var t = BitOperations.TrailingZeroCount(c);
                    best = Math.Min(best, state.Action.Rest(_names[t]) + _minSuffix[t + 1][seg + 1]);
                }

                return best + fence;
            case SegmentKind.Args:
                return ArgumentsScanner.MinBytes(this, state) + row[seg + 1] + fence;
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
            max = Options.MaxThoughtBytes;
        }
        else if (segment == SegmentKind.Args && state.Arguments.Phase == ArgumentsPhase.Value)
        {
            var spec = Actions[state.Tool].Arguments[state.Arguments.Arg];
            var isString = spec.Type == ToolArgumentType.String
                || (spec.Type == ToolArgumentType.Array && spec.ItemType == ToolArgumentType.String && state.List.Phase == ListPhase.Item);
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

    internal static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    /// <summary>One more byte of a whitespace run of <paramref name="run"/> so far, within the cap.</summary>
    internal static ScanStep WsStep(ref byte run, CotaGrammarOptions options)
    {
        if (run >= options.MaxWhitespace)
        {
            return ScanStep.Reject;
        }

        run++;
        return ScanStep.Consumed;
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
                        Options.AllowEmptyActions ? 1 + row[_afterActions] : int.MaxValue / 2,
                        _allowedTools != 0 ? 1 + row[i + 1] : int.MaxValue / 2),
                    SegmentKind.Name when tool >= 0 => 2 + _names[tool].Length + row[i + 1],
                    SegmentKind.Name => MinOverTools(t => 2 + _names[t].Length + known[t + 1][i + 1]),
                    SegmentKind.Args when tool >= 0 => Actions[tool].MinArguments + row[i + 1],
                    SegmentKind.Args => MinOverTools(t => Actions[t].MinArguments + known[t + 1][i + 1]),
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
                best = Math.Min(best, cost(BitOperations.TrailingZeroCount(c)));
            }

            return best;
        }
    }

    /// <summary>The action's name: its opening quote, then the name scanner among the callable actions.</summary>
    private bool NameStep(ref CotaGrammarState state, byte b)
    {
        if (state.Pos == 0)
        {
            if (b != Quote)
            {
                return false;
            }

            state.Pos = 1;
            state.Action.Start(_allowedTools);
            return true;
        }

        switch (state.Action.Step(_names, b, out var chosen))
        {
            case ScanStep.Consumed:
                return true;
            case ScanStep.Done:
                state.Tool = (sbyte)chosen;
                state.Arguments = default;
                Next(ref state);
                return true;
            default:
                return false;
        }
    }

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
}
