using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Taco.Tokenizers.Json;

namespace Taco.Tokenizers.Models;

/// <summary>
/// Byte-pair encoding over interned symbols: merges are looked up by symbol-id pairs and applied
/// lowest rank first (ties: leftmost), with a binary heap, so a word of n symbols costs O(n log n).
/// Results are cached per word. Byte-level and SentencePiece-style (byte_fallback) vocabularies.
/// </summary>
internal sealed class BpeModel : TokenizerModel
{
    private const int MaxCachedWordLength = 256;
    private const int CacheCapacity = 200_000;

    /// <summary>Ids index arrays; a corrupt file with a huge id must fail cleanly, not exhaust memory.</summary>
    public const int MaxVocabularyId = 16 * 1024 * 1024;

    private readonly Dictionary<string, int> _symbols = new(StringComparer.Ordinal);
    private readonly List<string> _symbolText = [];
    private readonly Dictionary<long, (int Rank, int Merged)> _merges = new(PairComparer.Instance);
    private string?[] _vocabTokens = [];
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _cacheLookup;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _symbolLookup;
    private int _cacheCount;
    private readonly int[] _bmpSymbol = new int[65536];
    private int[] _outId = [];
    private bool[] _inVocab = [];
    private readonly int[] _byteFallbackIds = new int[256];
    private readonly string? _unkToken;
    private readonly string? _continuingSubwordPrefix;
    private readonly string? _endOfWordSuffix;
    private readonly bool _byteFallback;
    private readonly bool _ignoreMerges;
    private readonly bool _fuseUnk;
    private int _unkId = -1;
    private bool _frozen;

    public BpeModel(JsonConfig c)
    {
        _cacheLookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        _symbolLookup = _symbols.GetAlternateLookup<ReadOnlySpan<char>>();
        _unkToken = c.String("unk_token");
        _continuingSubwordPrefix = NullIfEmpty(c.String("continuing_subword_prefix"));
        _endOfWordSuffix = NullIfEmpty(c.String("end_of_word_suffix"));
        _byteFallback = c.Bool("byte_fallback", false);
        _ignoreMerges = c.Bool("ignore_merges", false);
        _fuseUnk = c.Bool("fuse_unk", false);
        if (c.Get("dropout") is { } d && d.Element.ValueKind == JsonValueKind.Number && d.Element.GetDouble() > 0)
        {
            throw d.Error("is a BPE dropout > 0; taco only runs deterministic tokenizers");
        }

        var vocab = c.Required("vocab");
        if (vocab.Element.ValueKind != JsonValueKind.Object)
        {
            throw vocab.Error("must be an object of token → id");
        }

        var maxId = -1;
        foreach (var p in vocab.Element.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt32(out var id) || id < 0)
            {
                throw vocab.Error($"has a non-integer id for token {JsonSerializer.Serialize(p.Name)}");
            }

            maxId = Math.Max(maxId, id);
        }
        if (maxId >= MaxVocabularyId)
        {
            throw vocab.Error($"has id {maxId}, beyond the {MaxVocabularyId:N0} ids taco accepts");
        }

        _vocabTokens = new string?[maxId + 1];
        foreach (var p in vocab.Element.EnumerateObject())
        {
            var id = p.Value.GetInt32();
            var s = Intern(p.Name);
            SetVocab(s, id);
            _vocabTokens[id] = p.Name;
        }

        var rank = 0;
        foreach (var m in c.Items("merges"))
        {
            string a, b;
            if (m.Element.ValueKind == JsonValueKind.String)
            {
                var text = m.Element.GetString()!;
                var space = text.IndexOf(' ', StringComparison.Ordinal);
                if (space < 0)
                {
                    throw m.Error("must be \"left right\"");
                }

                a = text[..space];
                var rest = text[(space + 1)..];
                var second = rest.IndexOf(' ', StringComparison.Ordinal);
                b = second < 0 ? rest : rest[..second];
            }
            else if (m.Element.ValueKind == JsonValueKind.Array && m.Element.GetArrayLength() == 2)
            {
                a = m.Element[0].GetString() ?? throw m.Error("must hold two strings");
                b = m.Element[1].GetString() ?? throw m.Error("must hold two strings");
            }
            else
            {
                throw m.Error("must be \"left right\" or [left, right]");
            }
            var merged = _continuingSubwordPrefix is { } prefix && b.StartsWith(prefix, StringComparison.Ordinal) ? a + b[prefix.Length..] : a + b;
            // Later duplicates win, as in the reference's Map construction.
            _merges[Key(Intern(a), Intern(b))] = (rank++, Intern(merged));
        }
    }

    public override string?[] VocabTokens => _vocabTokens;

    public override bool FuseUnk => _fuseUnk;

    public override int UnkId => _unkId;

    public override string? EndOfWordSuffix => _endOfWordSuffix;

    public override void AddToken(string content, int id)
    {
        if (id >= _vocabTokens.Length)
        {
            Array.Resize(ref _vocabTokens, id + 1);
        }

        _vocabTokens[id] = content;
        SetVocab(Intern(content), id);
    }

    public override void OverrideOutputId(string content, int id)
    {
        var s = Intern(content);
        _outId[s] = id;
    }

    public bool Contains(string token) => _symbols.TryGetValue(token, out var s) && _inVocab[s];

    public override int? IdOf(string token) => _symbols.TryGetValue(token, out var s) && _outId[s] >= 0 ? _outId[s] : null;

    public override void Freeze()
    {
        Array.Fill(_bmpSymbol, -2);
        for (var b = 0; b < 256; ++b)
        {
            _byteFallbackIds[b] = _symbols.TryGetValue($"<0x{b:X2}>", out var s) && _inVocab[s] ? _outId[s] : -1;
        }

        _unkId = _unkToken is not null && IdOf(_unkToken) is { } u ? u : -1;
        _frozen = true;
    }

    public override void Encode(ReadOnlySpan<char> word, List<int> output)
    {
        if (word.IsEmpty)
        {
            return;
        }

        if (_ignoreMerges && _symbolLookup.TryGetValue(word, out var whole) && _inVocab[whole])
        {
            output.Add(_outId[whole]);
            return;
        }
        var cacheable = word.Length < MaxCachedWordLength;
        if (cacheable && _cacheLookup.TryGetValue(word, out var cached))
        {
            output.AddRange(cached);
            return;
        }
        var start = output.Count;
        EncodeUncached(word, output);
        if (cacheable)
        {
            if (Interlocked.Increment(ref _cacheCount) > CacheCapacity)
            {
                _cache.Clear();
                Interlocked.Exchange(ref _cacheCount, 0);
            }
            _cache.TryAdd(word.ToString(), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(output)[start..].ToArray());
        }
    }

    private void EncodeUncached(ReadOnlySpan<char> word, List<int> output)
    {
        // Initial symbols: one per code point (continuing prefix on all but the first, suffix on the last).
        var sym = ArrayPool<int>.Shared.Rent(word.Length);
        string?[]? text = null;
        try
        {
            var n = 0;
            for (var i = 0; i < word.Length; ++i)
            {
                var len = char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]) ? 2 : 1;
                var isLast = i + len >= word.Length;
                if (len == 1 && (n == 0 || _continuingSubwordPrefix is null) && (!isLast || _endOfWordSuffix is null))
                {
                    sym[n] = BmpSymbol(word[i]);
                    if (sym[n] < 0)
                    {
                        (text ??= new string?[word.Length])[n] = word[i].ToString();
                    }
                }
                else
                {
                    var piece = word.Slice(i, len).ToString();
                    if (n > 0 && _continuingSubwordPrefix is not null)
                    {
                        piece = _continuingSubwordPrefix + piece;
                    }

                    if (isLast && _endOfWordSuffix is not null)
                    {
                        piece += _endOfWordSuffix;
                    }

                    sym[n] = _symbols.TryGetValue(piece, out var s) ? s : -1;
                    if (sym[n] < 0)
                    {
                        (text ??= new string?[word.Length])[n] = piece;
                    }
                }
                ++n;
                i += len - 1;
            }

            if (n > 1)
            {
                n = MergeAll(sym, n, text);
            }

            for (var k = 0; k < n; ++k)
            {
                var s = sym[k];
                if (s >= 0 && _inVocab[s])
                {
                    output.Add(_outId[s]);
                    continue;
                }
                var t = s >= 0 ? _symbolText[s] : text![k]!;
                if (_byteFallback)
                {
                    var bytes = Encoding.UTF8.GetBytes(t);
                    var all = true;
                    foreach (var b in bytes)
                    {
                        all &= _byteFallbackIds[b] >= 0;
                    }

                    if (all)
                    {
                        foreach (var b in bytes)
                        {
                            output.Add(_byteFallbackIds[b]);
                        }

                        continue;
                    }
                }
                if (_unkToken is not null && _unkId >= 0)
                {
                    output.Add(_unkId);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(sym);
        }
    }

    /// <summary>Applies merges lowest rank first (ties: leftmost) with a binary heap and lazy invalidation.</summary>
    private int MergeAll(int[] sym, int n, string?[]? text)
    {
        var pool = ArrayPool<int>.Shared;
        var prev = pool.Rent(n);
        var next = pool.Rent(n);
        var heap = new MergeHeap(n);
        try
        {
            for (var i = 0; i < n; ++i)
            {
                prev[i] = i - 1;
                next[i] = i + 1 < n ? i + 1 : -1;
            }
            for (var i = 0; i + 1 < n; ++i)
            {
                Offer(ref heap, sym, i, i + 1);
            }

            while (heap.TryPop(out var left, out var right, out var ls, out var rs, out var merged))
            {
                if (sym[left] != ls || next[left] != right || sym[right] != rs)
                {
                    continue;
                }

                sym[left] = merged;
                sym[right] = int.MinValue;
                next[left] = next[right];
                if (next[left] >= 0)
                {
                    prev[next[left]] = left;
                }

                if (prev[left] >= 0)
                {
                    Offer(ref heap, sym, prev[left], left);
                }

                if (next[left] >= 0)
                {
                    Offer(ref heap, sym, left, next[left]);
                }
            }
            var w = 0;
            for (var i = 0; i >= 0; i = next[i])
            {
                sym[w] = sym[i];
                if (text is not null)
                {
                    text[w] = text[i];
                }

                ++w;
            }
            return w;
        }
        finally
        {
            heap.Dispose();
            pool.Return(prev);
            pool.Return(next);
        }
    }

    private void Offer(ref MergeHeap heap, int[] sym, int left, int right)
    {
        var a = sym[left];
        var b = sym[right];
        if (a < 0 || b < 0)
        {
            return;
        }

        if (_merges.TryGetValue(Key(a, b), out var m))
        {
            heap.Push(((long)m.Rank << 32) | (uint)left, left, right, a, b, m.Merged);
        }
    }

    /// <summary>Min-heap of candidate merges keyed by (rank, left position), on pooled arrays.</summary>
    private struct MergeHeap : IDisposable
    {
        private Entry[] _items;
        private int _count;

        public MergeHeap(int capacity) => _items = ArrayPool<Entry>.Shared.Rent(Math.Max(4, capacity * 2));

        private record struct Entry(long Priority, int Left, int Right, int LeftSym, int RightSym, int Merged);

        public void Push(long priority, int left, int right, int ls, int rs, int merged)
        {
            if (_count == _items.Length)
            {
                var bigger = ArrayPool<Entry>.Shared.Rent(_items.Length * 2);
                Array.Copy(_items, bigger, _count);
                ArrayPool<Entry>.Shared.Return(_items);
                _items = bigger;
            }
            var i = _count++;
            var e = new Entry(priority, left, right, ls, rs, merged);
            while (i > 0)
            {
                var parent = (i - 1) >> 1;
                if (_items[parent].Priority <= priority)
                {
                    break;
                }

                _items[i] = _items[parent];
                i = parent;
            }
            _items[i] = e;
        }

        public bool TryPop(out int left, out int right, out int ls, out int rs, out int merged)
        {
            if (_count == 0)
            {
                left = right = ls = rs = merged = 0;
                return false;
            }
            var top = _items[0];
            (left, right, ls, rs, merged) = (top.Left, top.Right, top.LeftSym, top.RightSym, top.Merged);
            var last = _items[--_count];
            var i = 0;
            while (true)
            {
                var child = (2 * i) + 1;
                if (child >= _count)
                {
                    break;
                }

                if (child + 1 < _count && _items[child + 1].Priority < _items[child].Priority)
                {
                    ++child;
                }

                if (_items[child].Priority >= last.Priority)
                {
                    break;
                }

                _items[i] = _items[child];
                i = child;
            }
            if (_count > 0)
            {
                _items[i] = last;
            }

            return true;
        }

        public void Dispose() => ArrayPool<Entry>.Shared.Return(_items);
    }

    private int BmpSymbol(char c)
    {
        var s = _bmpSymbol[c];
        if (s == -2)
        {
            s = _symbols.TryGetValue(c.ToString(), out var found) ? found : -1;
            _bmpSymbol[c] = s;
        }
        return s;
    }

    private static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    // long's own hash is hi ^ lo, which collides for most symbol pairs; mix the bits instead.
    private sealed class PairComparer : IEqualityComparer<long>
    {
        public static readonly PairComparer Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long obj) => (int)(((ulong)obj * 0x9E3779B97F4A7C15UL) >> 32);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private int Intern(string s)
    {
        if (_symbols.TryGetValue(s, out var id))
        {
            return id;
        }

        if (_frozen)
        {
            throw new InvalidOperationException("symbols are frozen");
        }

        id = _symbolText.Count;
        _symbols.Add(s, id);
        _symbolText.Add(s);
        if (id >= _outId.Length)
        {
            var size = Math.Max(1024, _outId.Length * 2);
            var grownIds = _outId;
            Array.Resize(ref grownIds, size);
            Array.Fill(grownIds, -1, _outId.Length, size - _outId.Length);
            _outId = grownIds;
            var grownVocab = _inVocab;
            Array.Resize(ref grownVocab, size);
            _inVocab = grownVocab;
        }
        return id;
    }

    private void SetVocab(int symbol, int id)
    {
        _inVocab[symbol] = true;
        _outId[symbol] = id;
    }
}
