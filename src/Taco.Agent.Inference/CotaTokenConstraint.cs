using Taco.Agent.Constraints;
using Taco.Inference.Generation;

namespace Taco.Agent.Inference;

/// <summary>
/// The engine's constraint hook over a <see cref="CotaGrammar"/>: before each token, every token whose bytes
/// the grammar does not accept is masked, and so is every token after which the reply could no longer be
/// finished within the tokens the generation has left. End-of-sequence is allowed only once the reply is complete. One per
/// generation (it holds the partial reply's state).
/// </summary>
public sealed class CotaTokenConstraint : ITokenConstraint
{
    private readonly CotaGrammar _grammar;
    private readonly TokenTrie _trie;
    private readonly HashSet<int> _eos;
    private CotaGrammarState _state;
    private bool[] _allowed = [];
    private bool _ended;

    public CotaTokenConstraint(CotaGrammar grammar, TokenTrie trie, IEnumerable<int> eosTokenIds)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        ArgumentNullException.ThrowIfNull(trie);
        ArgumentNullException.ThrowIfNull(eosTokenIds);
        _grammar = grammar;
        _trie = trie;
        _eos = [.. eosTokenIds];
        _state = grammar.Start;
    }

    /// <summary>After end-of-sequence; or, for a model without one, as soon as the reply is complete.</summary>
    public bool IsComplete => _ended || (_eos.Count == 0 && _grammar.IsAccepting(_state));

    /// <summary>The text so far is a whole reply.</summary>
    public bool ReplyComplete => _grammar.IsAccepting(_state);

    public void MaskLogits(Span<float> logits, int remaining)
    {
        if (_allowed.Length < Math.Max(logits.Length, _trie.VocabularySize))
        {
            _allowed = new bool[Math.Max(logits.Length, _trie.VocabularySize)];
        }
        else
        {
            Array.Clear(_allowed);
        }

        var count = _trie.Allowed(_grammar, _state, _allowed, remaining);
        var accepting = _grammar.IsAccepting(_state);
        if (count == 0 && !accepting)
        {
            // The budget is smaller than the shortest way to finish: the reply will be cut (and reported as
            // truncated), but stays well-formed as far as it goes.
            count = _trie.Allowed(_grammar, _state, _allowed);
        }

        if (accepting || count == 0)
        {
            foreach (var id in _eos)
            {
                if ((uint)id < (uint)_allowed.Length)
                {
                    _allowed[id] = true;
                    count++;
                }
            }
        }

        if (count == 0)
        {
            throw new InvalidOperationException("No token of the vocabulary can continue the reply, and the model has no end-of-sequence token.");
        }

        for (var i = 0; i < logits.Length; i++)
        {
            if (!_allowed[i])
            {
                logits[i] = float.NegativeInfinity;
            }
        }
    }

    public void Accept(int tokenId)
    {
        if (_eos.Contains(tokenId))
        {
            _ended = true;
            return;
        }

        var bytes = _trie.BytesOf(tokenId);
        if (bytes.IsEmpty || !_grammar.Advance(ref _state, bytes))
        {
            throw new InvalidOperationException($"Token {tokenId} was generated although the CoTA grammar forbids it.");
        }
    }
}
