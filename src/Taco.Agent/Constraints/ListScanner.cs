namespace Taco.Agent.Constraints;

/// <summary>Where a <see cref="ListScanner"/> stands.</summary>
internal enum ListPhase : byte
{
    /// <summary>Before the <c>[</c>.</summary>
    Open,

    /// <summary>After the <c>[</c>: whitespace, then an item, or <c>]</c> when the list may be empty.</summary>
    First,

    /// <summary>Inside an item.</summary>
    Item,

    /// <summary>After an item: whitespace, then <c>,</c> or <c>]</c>.</summary>
    AfterItem,

    /// <summary>After a <c>,</c>: whitespace, then an item.</summary>
    Next,
}

/// <summary>
/// A <c>BBox</c> value (<c>[a, b, c, d]</c>, four numbers 0–1) or an <c>Array</c> value (a list of its item type
/// within its item limits, a box being one such item). The state holds the list's own place; its items are
/// scanned by <see cref="ValueScanner"/>.
/// </summary>
internal struct ListScanner
{
    public ListPhase Phase;

    /// <summary>Whitespace bytes in the current run.</summary>
    public byte Ws;

    /// <summary>Items written.</summary>
    public short Count;

    /// <summary>A list argument (<paramref name="box"/> false) or a box, either the argument or a list's item.</summary>
    public static ScanStep Step(CotaGrammar grammar, ref CotaGrammarState state, ArgumentSpec spec, bool box, byte b)
    {
        ref var list = ref box ? ref state.Box : ref state.List;
        var min = box ? 4 : spec.MinItems;
        var max = box ? 4 : spec.MaxItems;
        while (true)
        {
            switch (list.Phase)
            {
                case ListPhase.Open:
                    list.Count = 0;
                    return b == '[' ? list.Enter(ListPhase.First) : ScanStep.Reject;
                case ListPhase.First:
                case ListPhase.Next:
                    if (CotaGrammar.IsWhitespace(b))
                    {
                        return CotaGrammar.WsStep(ref list.Ws, grammar.Options);
                    }

                    if (b == ']' && list.Phase == ListPhase.First && min == 0)
                    {
                        return ScanStep.Done;
                    }

                    list.Phase = ListPhase.Item;
                    ValueScanner.StartItem(ref state, box);
                    continue;
                case ListPhase.Item:
                    var item = box ? ValueScanner.BoxNumberStep(grammar, ref state, spec, b) : ValueScanner.ItemStep(grammar, ref state, spec, b);
                    switch (item)
                    {
                        case ScanStep.Consumed:
                            return ScanStep.Consumed;
                        case ScanStep.Done:
                            list.Count++;
                            return list.Enter(ListPhase.AfterItem);
                        case ScanStep.DoneBefore:
                            list.Count++;
                            list.Enter(ListPhase.AfterItem);
                            continue;
                        default:
                            return ScanStep.Reject;
                    }

                case ListPhase.AfterItem:
                    if (CotaGrammar.IsWhitespace(b))
                    {
                        return CotaGrammar.WsStep(ref list.Ws, grammar.Options);
                    }

                    if (b == ',' && list.Count < max)
                    {
                        return list.Enter(ListPhase.Next);
                    }

                    return b == ']' && list.Count >= min ? ScanStep.Done : ScanStep.Reject;
                default:
                    return ScanStep.Reject;
            }
        }
    }

    /// <summary>Bytes of the shortest way to close the list, given the shortest item and what is left of the current one.</summary>
    public readonly int MinBytes(int min, int itemMin, int currentItem) => Phase switch
    {
        ListPhase.Open => ArgumentSpec.ListValue(min, itemMin),
        ListPhase.First => min == 0 ? 1 : (min * itemMin) + (min - 1) + 1,
        ListPhase.Item => currentItem + (Math.Max(0, min - Count - 1) * (1 + itemMin)) + 1,
        ListPhase.AfterItem => (Math.Max(0, min - Count) * (1 + itemMin)) + 1,
        _ => itemMin + ((Math.Max(1, min - Count) - 1) * (1 + itemMin)) + 1,
    };

    /// <summary>Moves to <paramref name="next"/>, where a whitespace run may start.</summary>
    private ScanStep Enter(ListPhase next)
    {
        Phase = next;
        Ws = 0;
        return ScanStep.Consumed;
    }
}
