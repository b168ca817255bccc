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

    /// <summary>The string being written: the thought, a string argument or a list's string item.</summary>
    internal StringScanner String;

    /// <summary>The number being written: a number argument, a list's number item or a box's number.</summary>
    internal NumberScanner Number;

    /// <summary>The image id being written.</summary>
    internal ImageIdScanner ImageId;

    /// <summary>The grounded-number rule's place in a string or box number it applies to.</summary>
    internal GroundedNumberScanner Grounded;
}
