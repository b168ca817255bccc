namespace Taco.Agent.Constraints;

/// <summary>
/// A vocabulary as a trie over each token's decoded bytes, so a grammar is advanced once per shared prefix
/// rather than once per token: computing which tokens may come next walks only the branches the grammar
/// accepts. Built once per tokenizer and shared (immutable, thread-safe). Tokens without bytes (special
/// tokens, ids the tokenizer does not know) are never allowed.
/// </summary>
public sealed class TokenTrie
{
    // Node 0 is the root; the children of a node are contiguous and sorted by byte.
    private readonly byte[] _label;
    private readonly int[] _firstChild;
    private readonly int[] _childCount;
    private readonly int[] _firstToken;
    private readonly int[] _tokenCount;
    private readonly int[] _tokens;
    private readonly byte[]?[] _bytes;

    // Tokens that are plain JSON string content (no quote, backslash or control byte; whole UTF-8 characters),
    // shortest first, and a trie of every other token: inside a string the first are all allowed at once.
    private readonly int[] _plainIds = [];
    private readonly int[] _plainLengths = [];
    private readonly TokenTrie? _nonPlain;

    // Under the grounded-number rule, plain tokens with an ASCII digit must be walked: they are flagged, and in a trie of their own.
    private readonly bool[] _plainHasDigit = [];
    private readonly TokenTrie? _plainDigits;

    /// <param name="tokenBytes">Per id, the bytes the token adds to the text; null or empty for tokens never allowed.</param>
    public TokenTrie(IReadOnlyList<byte[]?> tokenBytes)
        : this(tokenBytes, splitPlain: true)
    {
    }

    private TokenTrie(IReadOnlyList<byte[]?> tokenBytes, bool splitPlain)
    {
        ArgumentNullException.ThrowIfNull(tokenBytes);
        VocabularySize = tokenBytes.Count;
        _bytes = [.. tokenBytes.Select(b => b is { Length: > 0 } ? b : null)];
        var ids = Enumerable.Range(0, tokenBytes.Count).Where(i => tokenBytes[i] is { Length: > 0 }).ToArray();
        Array.Sort(ids, (a, b) =>
        {
            var c = tokenBytes[a].AsSpan().SequenceCompareTo(tokenBytes[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        TokenCount = ids.Length;
        var label = new List<byte> { 0 };
        var firstChild = new List<int> { 0 };
        var childCount = new List<int> { 0 };
        var firstToken = new List<int> { 0 };
        var tokenCount = new List<int> { 0 };
        var tokens = new List<int>(ids.Length);

        // Depth-first with an explicit stack: each entry is a node and the sorted range of ids below it.
        var stack = new Stack<(int Node, int From, int To, int Depth)>();
        stack.Push((0, 0, ids.Length, 0));
        while (stack.Count > 0)
        {
            var (node, from, to, depth) = stack.Pop();
            var i = from;
            firstToken[node] = tokens.Count;
            while (i < to && tokenBytes[ids[i]]!.Length == depth)
            {
                tokens.Add(ids[i++]);
            }

            tokenCount[node] = tokens.Count - firstToken[node];
            var groups = new List<(byte Byte, int From, int To)>();
            while (i < to)
            {
                var b = tokenBytes[ids[i]]![depth];
                var start = i;
                while (i < to && tokenBytes[ids[i]]![depth] == b)
                {
                    i++;
                }

                groups.Add((b, start, i));
            }

            firstChild[node] = label.Count;
            childCount[node] = groups.Count;
            foreach (var g in groups)
            {
                label.Add(g.Byte);
                firstChild.Add(0);
                childCount.Add(0);
                firstToken.Add(0);
                tokenCount.Add(0);
            }

            for (var k = groups.Count - 1; k >= 0; k--)
            {
                stack.Push((firstChild[node] + k, groups[k].From, groups[k].To, depth + 1));
            }
        }

        _label = [.. label];
        _firstChild = [.. firstChild];
        _childCount = [.. childCount];
        _firstToken = [.. firstToken];
        _tokenCount = [.. tokenCount];
        _tokens = [.. tokens];
        if (splitPlain)
        {
            _plainIds = [.. Enumerable.Range(0, tokenBytes.Count).Where(i => IsPlainString(tokenBytes[i])).OrderBy(i => tokenBytes[i]!.Length).ThenBy(i => i)];
            _plainLengths = [.. _plainIds.Select(i => tokenBytes[i]!.Length)];
            var plain = new HashSet<int>(_plainIds);
            _nonPlain = new TokenTrie(tokenBytes.Select((b, i) => plain.Contains(i) ? null : b).ToArray(), splitPlain: false);
            _plainHasDigit = [.. _plainIds.Select(i => tokenBytes[i]!.Any(b => b is >= (byte)'0' and <= (byte)'9'))];
            var withDigits = new HashSet<int>(_plainIds.Where((_, k) => _plainHasDigit[k]));
            _plainDigits = new TokenTrie(tokenBytes.Select((b, i) => withDigits.Contains(i) ? b : null).ToArray(), splitPlain: false);
        }
    }

    /// <summary>Ids the trie was built for (allowed or not).</summary>
    public int VocabularySize { get; }

    /// <summary>Tokens that have bytes and can ever be allowed.</summary>
    public int TokenCount { get; }

    public int NodeCount => _label.Length;

    /// <summary>The bytes of token <paramref name="id"/>; empty for a token that is never allowed or an unknown id.</summary>
    public ReadOnlySpan<byte> BytesOf(int id) => (uint)id < (uint)_bytes.Length && _bytes[id] is { } b ? b : [];

    /// <summary>
    /// Marks in <paramref name="allowed"/> every token the grammar accepts next from <paramref name="state"/>
    /// and returns how many. With a <paramref name="budget"/> (tokens that may still be generated, this one
    /// included), a token is allowed only if the reply can still be completed within the budget afterwards,
    /// one byte per token at worst. <paramref name="allowed"/> is not cleared first.
    /// </summary>
    public int Allowed(CotaGrammar grammar, in CotaGrammarState state, Span<bool> allowed, int? budget = null)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        if (allowed.Length < VocabularySize)
        {
            throw new ArgumentException($"The mask has {allowed.Length} entries but the vocabulary {VocabularySize}.", nameof(allowed));
        }

        // A budget above every state's shortest completion cannot bind: skip the per-token check.
        var limit = budget is { } b && b - 1 < grammar.MaxMinBytes ? b - 1 : int.MaxValue;
        if (_nonPlain is null || !grammar.InPlainString(state, out var room, out var digits))
        {
            return Walk(grammar, 0, state, allowed, limit);
        }

        // Inside a string: plain content keeps the state as it is (but for the length), so each such token is
        // allowed when it fits the string's cap and the shortest completion fits the budget; the rest are walked.
        // Under the grounded-number rule, plain tokens with digits are among the rest.
        var count = 0;
        if (limit == int.MaxValue || grammar.MinBytesToComplete(state) <= limit)
        {
            for (var k = 0; k < _plainIds.Length && _plainLengths[k] <= room; k++)
            {
                if (digits && _plainHasDigit[k])
                {
                    continue;
                }

                allowed[_plainIds[k]] = true;
                count++;
            }
        }

        count += _nonPlain.Walk(grammar, 0, state, allowed, limit);
        return digits ? count + _plainDigits!.Walk(grammar, 0, state, allowed, limit) : count;
    }

    private static bool IsPlainString(byte[]? bytes)
    {
        if (bytes is not { Length: > 0 })
        {
            return false;
        }

        var pending = 0;
        foreach (var b in bytes)
        {
            if (pending > 0)
            {
                if (b is < 0x80 or > 0xBF)
                {
                    return false;
                }

                pending--;
                continue;
            }

            switch (b)
            {
                case < 0x20 or (byte)'"' or (byte)'\\':
                    return false;
                case < 0x80:
                    break;
                case >= 0xC2 and <= 0xDF:
                    pending = 1;
                    break;
                case >= 0xE0 and <= 0xEF:
                    pending = 2;
                    break;
                case >= 0xF0 and <= 0xF4:
                    pending = 3;
                    break;
                default:
                    return false;
            }
        }

        return pending == 0;
    }

    private int Walk(CotaGrammar grammar, int node, CotaGrammarState state, Span<bool> allowed, int limit)
    {
        var count = 0;
        var end = _firstChild[node] + _childCount[node];
        for (var child = _firstChild[node]; child < end; child++)
        {
            var next = state;
            if (!grammar.Advance(ref next, _label[child]))
            {
                continue;
            }

            var tokens = _tokenCount[child];
            if (tokens > 0 && (limit == int.MaxValue || grammar.MinBytesToComplete(next) <= limit))
            {
                var first = _firstToken[child];
                for (var k = 0; k < tokens; k++)
                {
                    allowed[_tokens[first + k]] = true;
                }

                count += tokens;
            }

            if (_childCount[child] > 0)
            {
                count += Walk(grammar, child, next, allowed, limit);
            }
        }

        return count;
    }
}
