using System.Numerics;
using System.Text;

namespace Taco.Agent.Constraints;

/// <summary>
/// A name between quotes that must be one of a set of known names: the grammar's NAME (an action offered at
/// this step) and an argument's key. Scanned from after the opening quote; each byte narrows the names that
/// still match, and the closing quote picks the one typed in full.
/// </summary>
internal struct NameScanner
{
    /// <summary>Names that still match the bytes typed so far (bit per name).</summary>
    public ulong Candidates;

    /// <summary>Bytes typed after the opening quote.</summary>
    public short Typed;

    /// <summary>Starts after the opening quote, among <paramref name="candidates"/>.</summary>
    public void Start(ulong candidates)
    {
        Candidates = candidates;
        Typed = 0;
    }

    /// <summary>
    /// One byte of the name or its closing quote: <see cref="ScanStep.Done"/> with the name's index in
    /// <paramref name="chosen"/> when the quote closes a whole name.
    /// </summary>
    public ScanStep Step(byte[][] names, byte b, out int chosen)
    {
        chosen = -1;
        if (b == CotaGrammar.Quote)
        {
            for (var c = Candidates; c != 0; c &= c - 1)
            {
                var i = BitOperations.TrailingZeroCount(c);
                if (names[i].Length == Typed)
                {
                    chosen = i;
                    return ScanStep.Done;
                }
            }

            return ScanStep.Reject;
        }

        ulong next = 0;
        for (var c = Candidates; c != 0; c &= c - 1)
        {
            var i = BitOperations.TrailingZeroCount(c);
            if (names[i].Length > Typed && names[i][Typed] == b)
            {
                next |= 1UL << i;
            }
        }

        if (next == 0)
        {
            return ScanStep.Reject;
        }

        Candidates = next;
        Typed++;
        return ScanStep.Consumed;
    }

    /// <summary>Bytes left to finish the candidate name <paramref name="name"/>, its closing quote included.</summary>
    public readonly int Rest(byte[] name) => name.Length - Typed + 1;

    /// <summary>A name as UTF-8, checked to need no JSON escapes.</summary>
    public static byte[] Encode(string name, string what)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        if (bytes.Length == 0 || bytes.Any(b => b < 0x20 || b == CotaGrammar.Quote || b == CotaGrammar.Backslash))
        {
            throw new ArgumentException($"The {what} name \"{name}\" cannot be written in JSON without escapes; the grammar needs plain names.");
        }

        return bytes;
    }
}
