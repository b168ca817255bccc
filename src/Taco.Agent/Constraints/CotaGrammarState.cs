namespace Taco.Agent.Constraints;

/// <summary>
/// Where a partial reply stands in a <see cref="CotaGrammar"/>. A small value type: the token mask copies it
/// once per trie edge, so it holds only counters and masks, never the text. Each scanner keeps its own part.
/// </summary>
public record struct CotaGrammarState
{
    /// <summary>Segment of the reply's skeleton (see <see cref="CotaGrammar"/>).</summary>
    internal short Seg;

    /// <summary>Bytes of the segment matched so far: of a literal or the fence, of a whitespace run, the action name's opening quote.</summary>
    internal short Pos;

    /// <summary>The reply opened a <c>```json</c> fence, so it must close it.</summary>
    internal bool Fenced;

    /// <summary>The action chosen (index into the grammar's actions), −1 before its name is complete.</summary>
    internal sbyte Tool;

    /// <summary>The action's name being typed.</summary>
    internal NameScanner Action;

    /// <summary>The arguments object.</summary>
    internal ArgumentsScanner Arguments;

    /// <summary>A list argument.</summary>
    internal ListScanner List;

    /// <summary>A box: the argument itself or a list argument's item.</summary>
    internal ListScanner Box;

    /// <summary>The string being written: the thought, a string argument or a list's string item.</summary>
    internal StringScanner String;

    /// <summary>The number being written: a number argument, a list's number item or a box's number.</summary>
    internal NumberScanner Number;

    /// <summary>The image id being written.</summary>
    internal ImageIdScanner ImageId;

    /// <summary>The grounded-number rule's place in a string or box number it applies to.</summary>
    internal GroundedNumberScanner Grounded;
}
