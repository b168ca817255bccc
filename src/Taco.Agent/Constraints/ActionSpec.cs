using System.Numerics;
using Taco.Tools;

namespace Taco.Agent.Constraints;

/// <summary>
/// One action offered at a step as the grammar needs it: its name, its arguments and, built once per step,
/// the argument sets as bit masks (bit i is argument i).
/// </summary>
internal sealed class ActionSpec
{
    public ActionSpec(ToolDescriptor action, int imageCount, CotaGrammarOptions options, GroundedNumbers? numbers)
    {
        Name = NameScanner.Encode(action.Name, "action");
        Arguments = [.. action.Arguments.Select((arg, i) => new ArgumentSpec(
            arg, i, options, numbers is not null && (numbers.AppliesTo(action.Name, arg.Name) || (numbers.GroundsBoxes && ArgumentSpec.IsBox(arg)))))];
        ArgumentNames = [.. Arguments.Select(a => a.Name)];
        All = Arguments.Length == 64 ? ulong.MaxValue : (1UL << Arguments.Length) - 1;
        foreach (var a in Arguments)
        {
            Required |= a.Required ? a.Bit : 0;
            Satisfiable |= a.IsSatisfiable(imageCount) ? a.Bit : 0;
        }

        MinArguments = 1 + RemainingRequired(used: 0, started: false) + 1;
    }

    public byte[] Name { get; }

    public ArgumentSpec[] Arguments { get; }

    public byte[][] ArgumentNames { get; }

    /// <summary>Every argument.</summary>
    public ulong All { get; }

    /// <summary>The arguments the call must have.</summary>
    public ulong Required { get; }

    /// <summary>The arguments a value can be written for at this step (an image id needs an image).</summary>
    public ulong Satisfiable { get; }

    /// <summary>The action can be called: every required argument can be written.</summary>
    public bool IsCallable => (Required & ~Satisfiable) == 0;

    /// <summary>Bytes of the shortest arguments object: <c>{</c>, the required arguments at their shortest, <c>}</c>.</summary>
    public int MinArguments { get; }

    /// <summary>The shortest <c>"name":value</c> pairs of the required arguments not in <paramref name="used"/>, with their commas.</summary>
    public int RemainingRequired(ulong used, bool started)
    {
        var total = 0;
        var pairs = 0;
        for (var c = Required & ~used; c != 0; c &= c - 1)
        {
            total += Arguments[BitOperations.TrailingZeroCount(c)].MinPair;
            pairs++;
        }

        return total + (started ? pairs : Math.Max(0, pairs - 1));
    }
}
