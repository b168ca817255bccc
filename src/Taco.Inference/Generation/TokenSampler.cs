namespace Taco.Inference.Generation;

/// <summary>
/// Chooses the next token from logits: repetition penalty, then greedy argmax (lowest id on ties) or
/// temperature / top-k / top-p sampling from a seeded generator, so equal seeds give equal runs.
/// </summary>
internal sealed class TokenSampler
{
    private readonly GenerationOptions _options;
    private readonly Random _random;
    private int[] _order = [];
    private float[] _probabilities = [];

    public TokenSampler(GenerationOptions options)
    {
        _options = options;
        _random = options.Seed is { } seed ? new Random(seed) : new Random();
    }

    public bool IsGreedy => _options.Temperature <= 0;

    /// <summary>Picks a token; <paramref name="logits"/> is modified in place (penalties, temperature).</summary>
    public int Next(Span<float> logits, IReadOnlyList<int> history)
    {
        if (_options.RepetitionPenalty is var p && p != 1f)
        {
            ApplyRepetitionPenalty(logits, history, p);
        }

        var best = ArgMax(logits);
        if (float.IsNegativeInfinity(logits[best]))
        {
            throw new InvalidOperationException("Every token is forbidden (the constraint or penalties masked the whole vocabulary).");
        }

        return IsGreedy ? best : Sample(logits, logits[best]);
    }

    internal static int ArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var i = 1; i < logits.Length; i++)
        {
            if (logits[i] > logits[best])
            {
                best = i;
            }
        }

        return best;
    }

    internal static void ApplyRepetitionPenalty(Span<float> logits, IReadOnlyList<int> history, float penalty)
    {
        var seen = new HashSet<int>();
        foreach (var id in history)
        {
            if ((uint)id < (uint)logits.Length && seen.Add(id))
            {
                logits[id] = logits[id] > 0 ? logits[id] / penalty : logits[id] * penalty;
            }
        }
    }

    private int Sample(Span<float> logits, float max)
    {
        var t = _options.Temperature;
        if (_order.Length < logits.Length)
        {
            _order = new int[logits.Length];
            _probabilities = new float[logits.Length];
        }

        // Only tokens within e^-30 of the best can ever be drawn in float arithmetic; skipping the rest keeps
        // the sort small for 50k–150k-token vocabularies.
        var n = 0;
        for (var i = 0; i < logits.Length; i++)
        {
            var scaled = (logits[i] - max) / t;
            if (scaled > -30f)
            {
                _probabilities[i] = MathF.Exp(scaled);
                _order[n++] = i;
            }
        }

        var probabilities = _probabilities;

        // Best first; ties by id so the order (and thus a seeded draw) is deterministic.
        Array.Sort(_order, 0, n, Comparer<int>.Create((a, b) => probabilities[b] != probabilities[a] ? probabilities[b].CompareTo(probabilities[a]) : a.CompareTo(b)));
        var keep = n;
        if (_options.TopK > 0)
        {
            keep = Math.Min(keep, _options.TopK);
        }

        var total = 0.0;
        for (var i = 0; i < keep; i++)
        {
            total += probabilities[_order[i]];
        }

        if (_options.TopP < 1f)
        {
            var cumulative = 0.0;
            for (var i = 0; i < keep; i++)
            {
                cumulative += probabilities[_order[i]] / total;
                if (cumulative >= _options.TopP)
                {
                    keep = i + 1;
                    break;
                }
            }

            total = 0;
            for (var i = 0; i < keep; i++)
            {
                total += probabilities[_order[i]];
            }
        }

        var draw = _random.NextDouble() * total;
        for (var i = 0; i < keep; i++)
        {
            draw -= probabilities[_order[i]];
            if (draw <= 0)
            {
                return _order[i];
            }
        }

        return _order[keep - 1];
    }
}
