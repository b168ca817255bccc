using System.Collections.Concurrent;
using System.Text.Json;
using Taco.Tokenizers.Json;

namespace Taco.Tokenizers.Models;

/// <summary>
/// SentencePiece Unigram: the best-scoring segmentation of a word into vocabulary pieces (Viterbi over
/// a lattice of code points); characters no piece covers become the unknown token, and runs of
/// unknowns fuse. Ties and the unknown score (lowest score − 10) follow the reference.
/// </summary>
internal sealed class UnigramModel : TokenizerModel
{
    private const int MaxCachedWordLength = 256;
    private const int CacheCapacity = 200_000;

    private readonly string[] _pieces;
    private readonly double[] _scores;
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _overrides = new(StringComparer.Ordinal);
    private readonly Node _root = new();
    private readonly int _unkPiece;
    private readonly double _unkScore;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _cacheLookup;
    private string?[] _vocabTokens;
    private int[] _outIds = [];
    private double[] _nodeScores = [];
    private int _unkId = -1;

    public UnigramModel(JsonConfig c)
    {
        _cacheLookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        var vocab = c.Required("vocab");
        if (vocab.Element.ValueKind != JsonValueKind.Array || vocab.Element.GetArrayLength() == 0)
        {
            throw vocab.Error("must be a non-empty array of [piece, score]");
        }

        var n = vocab.Element.GetArrayLength();
        if (n >= BpeModel.MaxVocabularyId)
        {
            throw vocab.Error($"has more than {BpeModel.MaxVocabularyId:N0} pieces");
        }

        _pieces = new string[n];
        _scores = new double[n];
        var i = 0;
        foreach (var entry in c.Items("vocab"))
        {
            if (entry.Element.ValueKind != JsonValueKind.Array || entry.Element.GetArrayLength() != 2
                || entry.Element[0].ValueKind != JsonValueKind.String || entry.Element[1].ValueKind != JsonValueKind.Number)
            {
                throw entry.Error("must be [piece, score]");
            }

            _pieces[i] = entry.Element[0].GetString()!;
            _scores[i] = entry.Element[1].GetDouble();
            _ids[_pieces[i]] = i;
            ++i;
        }
        _unkPiece = c.Int("unk_id", -1);
        if (_unkPiece < 0 || _unkPiece >= n)
        {
            throw c.Error("needs \"unk_id\", the index of the unknown piece (taco does not run Unigram models without one)");
        }

        _unkScore = _scores.Min() - 10;
        _scores[_unkPiece] = _unkScore;
        _vocabTokens = (string?[])_pieces.Clone();
        for (var p = 0; p < n; ++p)
        {
            Insert(_pieces[p], p);
        }
    }

    public override string?[] VocabTokens => _vocabTokens;

    public override bool FuseUnk => true;

    public override int UnkId => _unkId;

    public override void AddToken(string content, int id)
    {
        if (id >= _vocabTokens.Length)
        {
            Array.Resize(ref _vocabTokens, id + 1);
        }

        _vocabTokens[id] = content;
        _ids[content] = id;
    }

    public override void OverrideOutputId(string content, int id) => _overrides[content] = id;

    public override int? IdOf(string token) =>
        _overrides.TryGetValue(token, out var o) ? o : _ids.TryGetValue(token, out var id) ? id : null;

    public override void Freeze()
    {
        // A piece's output id is looked up by its text, as the reference maps token strings to ids.
        _outIds = _pieces.Select(p => IdOf(p) ?? -1).ToArray();
        // The lattice scores a piece through the id its text maps to in the model (later duplicates and
        // added tokens win); an id past the scored vocabulary has no score (NaN), as in the reference.
        _nodeScores = _pieces.Select(p => _ids.TryGetValue(p, out var id) && id < _scores.Length ? _scores[id] : double.NaN).ToArray();
        _unkId = IdOf(_pieces[_unkPiece]) ?? _unkPiece;
    }

    public override void Encode(ReadOnlySpan<char> word, List<int> output)
    {
        if (word.IsEmpty)
        {
            return;
        }

        var cacheable = word.Length < MaxCachedWordLength;
        if (cacheable && _cacheLookup.TryGetValue(word, out var cached))
        {
            output.AddRange(cached);
            return;
        }
        var start = output.Count;
        Viterbi(word, output);
        if (cacheable)
        {
            if (_cache.Count > CacheCapacity)
            {
                _cache.Clear();
            }

            _cache.TryAdd(word.ToString(), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(output)[start..].ToArray());
        }
    }

    private void Viterbi(ReadOnlySpan<char> word, List<int> output)
    {
        // Code points and their UTF-16 offsets.
        var cps = new List<int>(word.Length);
        for (var i = 0; i < word.Length; ++i)
        {
            if (char.IsHighSurrogate(word[i]) && i + 1 < word.Length && char.IsLowSurrogate(word[i + 1]))
            {
                cps.Add(char.ConvertToUtf32(word[i], word[i + 1]));
                ++i;
            }
            else
            {
                cps.Add(word[i]);
            }
        }
        var n = cps.Count;
        // best[pos]: score of the best segmentation of cps[..pos]; from[pos]: (start, piece or -1 for unknown).
        var best = new double[n + 1];
        var fromStart = new int[n + 1];
        var fromPiece = new int[n + 1];
        var reached = new bool[n + 1];
        reached[0] = true;
        // Candidates ending at each position, in the reference's lattice order (by start, then length),
        // so the first of equal scores wins as it does there.
        var ends = new List<(int Start, int Piece, double Score)>[n + 1];
        for (var begin = 0; begin < n; ++begin)
        {
            var hasSingle = false;
            var node = _root;
            for (var j = begin; j < n; ++j)
            {
                if (node.Children is null || !node.Children.TryGetValue(cps[j], out var next))
                {
                    break;
                }

                node = next;
                if (node.Piece >= 0)
                {
                    (ends[j + 1] ??= []).Add((begin, node.Piece, _nodeScores[node.Piece]));
                    hasSingle |= j == begin;
                }
            }
            if (!hasSingle)
            {
                (ends[begin + 1] ??= []).Add((begin, -1, _unkScore));
            }
        }
        for (var pos = 1; pos <= n; ++pos)
        {
            foreach (var (s, piece, score) in ends[pos] ?? [])
            {
                if (!reached[s])
                {
                    continue;
                }

                var total = best[s] + score;
                if (!reached[pos] || total > best[pos])
                {
                    best[pos] = total;
                    fromStart[pos] = s;
                    fromPiece[pos] = piece;
                    reached[pos] = true;
                }
            }
        }
        var path = new List<int>();
        for (var pos = n; pos > 0; pos = fromStart[pos])
        {
            path.Add(fromPiece[pos]);
        }

        for (var k = path.Count - 1; k >= 0; --k)
        {
            var id = path[k] >= 0 ? _outIds[path[k]] : _unkId;
            output.Add(id >= 0 ? id : _unkId);
        }
    }

    private void Insert(string piece, int index)
    {
        var node = _root;
        for (var i = 0; i < piece.Length; ++i)
        {
            var cp = char.IsHighSurrogate(piece[i]) && i + 1 < piece.Length && char.IsLowSurrogate(piece[i + 1])
                ? char.ConvertToUtf32(piece[i], piece[++i])
                : piece[i];
            node.Children ??= [];
            if (!node.Children.TryGetValue(cp, out var child))
            {
                node.Children[cp] = child = new Node();
            }

            node = child;
        }
        // The reference's trie keeps the first insertion's leaf flag; any later duplicate maps to the same text.
        if (node.Piece < 0)
        {
            node.Piece = index;
        }
    }

    private sealed class Node
    {
        public Dictionary<int, Node>? Children { get; set; }

        public int Piece { get; set; } = -1;
    }
}
