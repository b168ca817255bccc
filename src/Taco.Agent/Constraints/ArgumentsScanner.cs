using System.Numerics;

namespace Taco.Agent.Constraints;

/// <summary>Where an <see cref="ArgumentsScanner"/> stands.</summary>
internal enum ArgumentsPhase : byte
{
    /// <summary>Before the <c>{</c>.</summary>
    Open,

    /// <summary>After the <c>{</c>: whitespace, then a key, or <c>}</c> when nothing is required.</summary>
    First,

    /// <summary>Inside a key (after its opening quote).</summary>
    Key,

    /// <summary>After a key: whitespace, then <c>:</c>.</summary>
    Colon,

    /// <summary>After the <c>:</c>: whitespace, then the value.</summary>
    BeforeValue,

    /// <summary>Inside the value.</summary>
    Value,

    /// <summary>After a value: whitespace, then <c>,</c> (while an argument is unused) or <c>}</c> (once every required one is written).</summary>
    AfterValue,

    /// <summary>After a <c>,</c>: whitespace, then a key.</summary>
    AfterComma,
}

/// <summary>
/// The grammar's ARGS: <c>{</c> the chosen action's arguments in any order, each at most once and every
/// required one present, each <c>"key": value</c> with the value of its declared type (<see cref="ValueScanner"/>),
/// then <c>}</c>. A key is offered only when a value can be written for it.
/// </summary>
internal struct ArgumentsScanner
{
    public ArgumentsPhase Phase;

    /// <summary>Whitespace bytes in the current run.</summary>
    public byte Ws;

    /// <summary>The argument being written (its value, or the colon before it).</summary>
    public sbyte Arg;

    /// <summary>Arguments written so far (bit per argument).</summary>
    public ulong Used;

    /// <summary>The key being typed.</summary>
    public NameScanner Key;

    public static ScanStep Step(CotaGrammar grammar, ref CotaGrammarState state, byte b)
    {
        var action = grammar.Actions[state.Tool];
        ref var args = ref state.Arguments;
        switch (args.Phase)
        {
            case ArgumentsPhase.Open:
                return b == '{' ? args.Enter(ArgumentsPhase.First) : ScanStep.Reject;
            case ArgumentsPhase.First:
            case ArgumentsPhase.AfterValue:
                if (CotaGrammar.IsWhitespace(b))
                {
                    return CotaGrammar.WsStep(ref args.Ws, grammar.Options);
                }

                if (b == CotaGrammar.Quote && args.Phase == ArgumentsPhase.First)
                {
                    return args.StartKey(action);
                }

                // Any unused argument lets a comma through, even one whose value cannot be written here.
                if (b == ',' && args.Phase == ArgumentsPhase.AfterValue && (action.All & ~args.Used) != 0)
                {
                    return args.Enter(ArgumentsPhase.AfterComma);
                }

                return b == '}' && (args.Used & action.Required) == action.Required ? ScanStep.Done : ScanStep.Reject;
            case ArgumentsPhase.AfterComma:
                if (CotaGrammar.IsWhitespace(b))
                {
                    return CotaGrammar.WsStep(ref args.Ws, grammar.Options);
                }

                return b == CotaGrammar.Quote ? args.StartKey(action) : ScanStep.Reject;
            case ArgumentsPhase.Key:
                var key = args.Key.Step(action.ArgumentNames, b, out var chosen);
                if (key == ScanStep.Done)
                {
                    args.Arg = (sbyte)chosen;
                    return args.Enter(ArgumentsPhase.Colon);
                }

                return key;
            case ArgumentsPhase.Colon:
                if (CotaGrammar.IsWhitespace(b))
                {
                    return CotaGrammar.WsStep(ref args.Ws, grammar.Options);
                }

                return b == ':' ? args.Enter(ArgumentsPhase.BeforeValue) : ScanStep.Reject;
            case ArgumentsPhase.BeforeValue:
                if (CotaGrammar.IsWhitespace(b))
                {
                    return CotaGrammar.WsStep(ref args.Ws, grammar.Options);
                }

                args.Phase = ArgumentsPhase.Value;
                ValueScanner.Start(ref state);
                goto case ArgumentsPhase.Value;
            case ArgumentsPhase.Value:
                var step = ValueScanner.Step(grammar, ref state, action.Arguments[args.Arg], b);
                if (step is ScanStep.Done or ScanStep.DoneBefore)
                {
                    args.Used |= 1UL << args.Arg;
                    args.Enter(ArgumentsPhase.AfterValue);
                    if (step == ScanStep.DoneBefore)
                    {
                        goto case ArgumentsPhase.AfterValue;
                    }

                    return ScanStep.Consumed;
                }

                return step;
            default:
                return ScanStep.Reject;
        }
    }

    /// <summary>Bytes of the shortest way to close the arguments object.</summary>
    public static int MinBytes(CotaGrammar grammar, in CotaGrammarState state)
    {
        var action = grammar.Actions[state.Tool];
        ref readonly var args = ref state.Arguments;
        switch (args.Phase)
        {
            case ArgumentsPhase.Open:
                return action.MinArguments;
            case ArgumentsPhase.First:
                return action.RemainingRequired(args.Used, started: false) + 1;
            case ArgumentsPhase.AfterValue:
                return action.RemainingRequired(args.Used, started: true) + 1;
            case ArgumentsPhase.Key:
            case ArgumentsPhase.AfterComma:
                var best = int.MaxValue;
                var typing = args.Phase == ArgumentsPhase.Key;
                var candidates = (typing ? args.Key.Candidates : action.All & ~args.Used) & action.Satisfiable;
                for (var c = candidates; c != 0; c &= c - 1)
                {
                    var a = action.Arguments[BitOperations.TrailingZeroCount(c)];
                    var pair = typing ? args.Key.Rest(a.Name) + 1 + a.MinValue : a.MinPair;
                    best = Math.Min(best, pair + action.RemainingRequired(args.Used | a.Bit, started: true));
                }

                return best + 1;
            default:
                var arg = action.Arguments[args.Arg];
                var value = args.Phase switch
                {
                    ArgumentsPhase.Colon => 1 + arg.MinValue,
                    ArgumentsPhase.BeforeValue => arg.MinValue,
                    _ => ValueScanner.MinBytes(state, arg),
                };
                return value + action.RemainingRequired(args.Used | arg.Bit, started: true) + 1;
        }
    }

    /// <summary>Moves to <paramref name="next"/>, where a whitespace run may start.</summary>
    private ScanStep Enter(ArgumentsPhase next)
    {
        Phase = next;
        Ws = 0;
        return ScanStep.Consumed;
    }

    private ScanStep StartKey(ActionSpec action)
    {
        var candidates = action.All & ~Used & action.Satisfiable;
        if (candidates == 0)
        {
            return ScanStep.Reject;
        }

        Key.Start(candidates);
        Phase = ArgumentsPhase.Key;
        return ScanStep.Consumed;
    }
}
