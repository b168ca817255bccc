namespace Taco.Inference.Generation;

/// <summary>
/// Restricts which tokens may come next (e.g. a grammar for the TACO protocol). The generator calls
/// <see cref="MaskLogits"/> before choosing each token, telling it how many tokens the generation may still
/// produce, and <see cref="Accept"/> with the token chosen, so a constraint advances its state one token at a
/// time instead of re-reading the text so far.
/// </summary>
public interface ITokenConstraint
{
    /// <summary>True once nothing more may follow; generation then stops with <see cref="StopReason.ConstraintComplete"/>.</summary>
    bool IsComplete { get; }

    /// <summary>Sets the logits of forbidden tokens to <see cref="float.NegativeInfinity"/> (the span has one entry per vocabulary id).</summary>
    /// <param name="logits">The next token's logits.</param>
    /// <param name="remaining">
    /// Tokens the generation may still produce, this one included (at least 1): the fewer of what is left of the
    /// maximum of new tokens and of the model's context. A constraint that must finish can steer towards an end.
    /// </param>
    void MaskLogits(Span<float> logits, int remaining);

    /// <summary>Advances past <paramref name="tokenId"/>, which the generator has just chosen.</summary>
    void Accept(int tokenId);
}
