using Taco.Inference.Generation;

namespace Taco.Cli.Models;

/// <summary>
/// Unconstrained decoding's one rule: the given ids (the image placeholder token) are never generated; a
/// sampled image token would stand for image features the conversation does not have.
/// </summary>
internal sealed class ForbiddenTokensConstraint(IReadOnlyCollection<int> forbidden) : ITokenConstraint
{
    public bool IsComplete => false;

    public void MaskLogits(Span<float> logits)
    {
        foreach (var id in forbidden)
        {
            if ((uint)id < (uint)logits.Length)
            {
                logits[id] = float.NegativeInfinity;
            }
        }
    }

    public void Accept(int tokenId)
    {
        if (forbidden.Contains(tokenId))
        {
            throw new InvalidOperationException($"Token {tokenId} was generated although it is forbidden.");
        }
    }
}
