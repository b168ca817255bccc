namespace Taco.Agent.Constraints;

/// <summary>
/// Where a partial reply stands in a <see cref="CotaGrammar"/>. A small value type: the token mask copies it
/// once per trie edge, so it holds only counters and masks, never the text.
/// </summary>
public record struct CotaGrammarState
{
    /// <summary>Segment of the reply's skeleton (see <see cref="CotaGrammar"/>).</summary>
    internal short Seg;

    /// <summary>Bytes of the segment matched so far (literal offset, whitespace count, name offset).</summary>
    internal short Pos;

    /// <summary>The reply opened a <c>```json</c> fence, so it must close it.</summary>
    internal bool Fenced;

    /// <summary>The action chosen (index into the grammar's tools), −1 before its name is complete.</summary>
    internal sbyte Tool;

    /// <summary>Tools whose names still match the name typed so far.</summary>
    internal ulong Candidates;

    /// <summary>Phase inside the arguments object.</summary>
    internal byte ArgsPhase;

    /// <summary>Whitespace bytes in the current run inside the arguments.</summary>
    internal byte Ws;

    /// <summary>The argument being written.</summary>
    internal sbyte Arg;

    /// <summary>Arguments written so far (bit per argument).</summary>
    internal ulong Used;

    /// <summary>Arguments whose names still match the key typed so far.</summary>
    internal ulong KeyCandidates;

    internal short KeyPos;

    /// <summary>Phase and item count of a list argument.</summary>
    internal byte ListPhase;

    internal short ListCount;

    /// <summary>Phase and item count of a box (a list argument's item or the argument itself).</summary>
    internal byte BoxPhase;

    internal short BoxCount;

    /// <summary>Phase of a string, number or image id being written.</summary>
    internal byte ScalarPhase;

    /// <summary>Bytes (strings) or digits (numbers) written.</summary>
    internal short ScalarCount;

    /// <summary>UTF-8 continuation bytes still due.</summary>
    internal byte Utf8Pending;

    /// <summary>The image index typed so far; for a box number, 1 when its integer part is 1.</summary>
    internal int ScalarValue;

    /// <summary>Grounded-number rule: 0 outside a number, 1 after a digit, 2 after a <c>.</c>/<c>,</c> following one.</summary>
    internal byte NumPhase;

    /// <summary>Grounded-number rule: the number's node in the allowed digit trie.</summary>
    internal int NumNode;
}
