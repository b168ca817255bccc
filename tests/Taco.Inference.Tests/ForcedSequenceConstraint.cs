using Taco.Inference.Generation;

namespace Taco.Inference.Tests;

/// <summary>A test constraint: allows exactly one id per step, from a fixed script, and records the calls it gets (a mask with the tokens left).</summary>
internal sealed class ForcedSequenceConstraint(IReadOnlyList<int> script) : ITokenConstraint
{
    public List<string> Calls { get; } = [];

    public bool IsComplete => Accepted == script.Count;

    public int Accepted { get; private set; }

    public void MaskLogits(Span<float> logits, int remaining)
    {
        Calls.Add($"mask {remaining}");
        var keep = script[Accepted];
        var value = logits[keep];
        logits.Fill(float.NegativeInfinity);
        logits[keep] = value;
    }

    public void Accept(int tokenId)
    {
        Calls.Add("accept");
        Assert.Equal(script[Accepted], tokenId);
        Accepted++;
    }
}
