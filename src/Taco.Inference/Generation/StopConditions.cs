using System.Text;
using Taco.Tokenizers;

namespace Taco.Inference.Generation;

/// <summary>
/// The last stage of a <see cref="SamplingPipeline"/>: turns each chosen token into text (complete characters
/// only, through the tokenizer's streaming decoder) and says whether generation ends with it — an end-of-sequence
/// id (whose text is flushed with it) or a stop string appearing in the text, looked for only where the new
/// text could complete one.
/// </summary>
internal sealed class StopConditions
{
    private readonly HashSet<int> _eos;
    private readonly IReadOnlyList<string> _stopStrings;
    private readonly StreamingDecoder _decoder;
    private readonly StringBuilder _text = new();

    public StopConditions(StreamingDecoder decoder, IEnumerable<int> eosTokenIds, IReadOnlyList<string> stopStrings)
    {
        _decoder = decoder;
        _eos = [.. eosTokenIds];
        _stopStrings = stopStrings;
    }

    /// <summary>The text so far.</summary>
    public string Text => _text.ToString();

    /// <summary>The text <paramref name="token"/> completes, and why generation ends with it (null: it goes on).</summary>
    public (string Delta, StopReason? Stop) Add(int token)
    {
        var delta = _decoder.Add(token);
        var isEos = _eos.Contains(token);
        if (isEos)
        {
            delta += _decoder.Flush();
        }

        var before = _text.Length;
        _text.Append(delta);
        return (delta, isEos ? StopReason.EndOfSequence : HitStopString(before) ? StopReason.StopString : null);
    }

    /// <summary>The text of bytes still held back (a character cut at the end), added to <see cref="Text"/>.</summary>
    public string Flush()
    {
        var rest = _decoder.Flush();
        _text.Append(rest);
        return rest;
    }

    private bool HitStopString(int before)
    {
        foreach (var stop in _stopStrings)
        {
            if (stop.Length == 0)
            {
                continue;
            }

            var from = Math.Max(0, before - stop.Length + 1);
            if (_text.Length - from >= stop.Length && _text.ToString(from, _text.Length - from).Contains(stop, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
