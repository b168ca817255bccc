namespace Taco.Agent.Constraints;

/// <summary>
/// Where a number being written stands under the grounded-number rule (<see cref="GroundedNumbers.Scan"/>):
/// its node in the allowed digit trie and whether a digit or a <c>.</c>/<c>,</c> came last.
/// </summary>
internal struct GroundedNumberScanner
{
    /// <summary>The number's node in the allowed digit trie (meaningful while <see cref="Phase"/> is not 0).</summary>
    public int Node;

    /// <summary>0 outside a number, 1 after a digit, 2 after a <c>.</c>/<c>,</c> following one.</summary>
    public byte Phase;

    /// <summary>A byte can end the number here without a digit (always so: every allowed digit string is whole).</summary>
    public readonly bool MayEnd => Phase == 0 || GroundedNumbers.IsEnd(Node);

    /// <summary>False when <paramref name="b"/> writes a digit no allowed number has here.</summary>
    public bool Step(GroundedNumbers numbers, byte b) => numbers.Scan(ref Node, ref Phase, b);
}
