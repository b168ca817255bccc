namespace Taco.Inference.Generation;

/// <summary>
/// The simplest constraint: only the given ids may be generated, optionally complete after a number of
/// tokens. Its mask is computed once, so each step costs one pass over the logits.
/// </summary>
public sealed class AllowedTokensConstraint : ITokenConstraint
{
    private readonly HashSet<int> _allowed;
    private readonly int? _maxTokens;
    private bool[]? _forbidden;
    private int _accepted;

    public AllowedTokensConstraint(IEnumerable<int> allowed, int? maxTokens = null)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        _allowed = [.. allowed];
        _maxTokens = maxTokens;
    }

    public bool IsComplete => _maxTokens is { } max && _accepted >= max;

    public void MaskLogits(Span<float> logits, int remaining)
    {
        if (_forbidden is null || _forbidden.Length != logits.Length)
        {
            _forbidden = new bool[logits.Length];
            for (var i = 0; i < logits.Length; i++)
            {
                _forbidden[i] = !_allowed.Contains(i);
            }
        }

        for (var i = 0; i < logits.Length; i++)
        {
            if (_forbidden[i])
            {
                logits[i] = float.NegativeInfinity;
            }
        }
    }

    public void Accept(int tokenId)
    {
        if (!_allowed.Contains(tokenId))
        {
            throw new InvalidOperationException($"Token {tokenId} was generated although the constraint forbids it.");
        }

        _accepted++;
    }
}
