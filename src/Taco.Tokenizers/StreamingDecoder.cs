namespace Taco.Tokenizers;

/// <summary>
/// Turns a growing id sequence into text deltas. Each call decodes only a short window (ids since the
/// last complete point), and holds text back while it ends in U+FFFD — an incomplete UTF-8 character
/// or byte-fallback run — so a delta never splits a character. The deltas concatenate to
/// <see cref="Tokenizer.Decode"/> of the whole sequence. When the tokenizer cleans up tokenization
/// spaces (" ." → "."), the clean-up runs over the accumulated text and a tail that a later token could
/// still turn into a clean-up pattern (a space and up to three characters) is held back.
/// </summary>
public sealed class StreamingDecoder
{
    private readonly Tokenizer _tokenizer;
    private readonly bool _skipSpecialTokens;
    private readonly List<int> _ids = [];
    private readonly System.Text.StringBuilder _emitted = new();
    private readonly System.Text.StringBuilder _raw = new();
    private readonly bool _cleanUp;
    private int _prefixOffset;
    private int _readOffset;

    internal StreamingDecoder(Tokenizer tokenizer, bool skipSpecialTokens)
    {
        _tokenizer = tokenizer;
        _skipSpecialTokens = skipSpecialTokens;
        _cleanUp = tokenizer.Config.CleanUpTokenizationSpaces;
    }

    /// <summary>Everything emitted so far.</summary>
    public string Text => _emitted.ToString();

    /// <summary>Adds one id; returns the new complete text (possibly empty).</summary>
    public string Add(int id)
    {
        _ids.Add(id);
        var window = _ids.GetRange(_prefixOffset, _ids.Count - _prefixOffset);
        var prefixText = _readOffset > _prefixOffset ? Decode(_ids.GetRange(_prefixOffset, _readOffset - _prefixOffset)) : "";
        var text = Decode(window);
        if (text.Length <= prefixText.Length || text.EndsWith('\uFFFD') || !text.StartsWith(prefixText, StringComparison.Ordinal)
            || char.IsHighSurrogate(text[^1]))
        {
            return "";
        }

        _raw.Append(text.AsSpan(prefixText.Length));
        _prefixOffset = _readOffset;
        _readOffset = _ids.Count;
        return Emit(final: false);
    }

    private string Emit(bool final)
    {
        if (!_cleanUp)
        {
            // Without clean-up the text ready is the raw text itself, so only its new tail is copied: copying the
            // whole reply on every token made each token cost more than the last.
            var done = _emitted.Length;
            if (_raw.Length <= done)
            {
                return "";
            }

            var tail = _raw.ToString(done, _raw.Length - done);
            _emitted.Append(tail);
            return tail;
        }

        var raw = _raw.ToString();
        var ready = _cleanUp ? Decoders.CleanUp.Apply(raw) : raw;
        var end = ready.Length;
        if (_cleanUp && !final)
        {
            var space = ready.LastIndexOf(' ');
            if (space >= 0 && ready.Length - space <= 4)
            {
                end = space;
            }
        }
        var emitted = _emitted.Length;
        if (end <= emitted)
        {
            return "";
        }

        var delta = ready[emitted..end];
        _emitted.Append(delta);
        return delta;
    }

    /// <summary>Ends the stream: returns whatever was held back (a trailing U+FFFD, a clean-up that rewrote earlier text).</summary>
    public string Flush()
    {
        if (_readOffset < _ids.Count)
        {
            var prefixText = _readOffset > _prefixOffset ? Decode(_ids.GetRange(_prefixOffset, _readOffset - _prefixOffset)) : "";
            var text = Decode(_ids.GetRange(_prefixOffset, _ids.Count - _prefixOffset));
            if (text.StartsWith(prefixText, StringComparison.Ordinal))
            {
                _raw.Append(text.AsSpan(prefixText.Length));
            }
        }
        _prefixOffset = _readOffset = _ids.Count;
        return Emit(final: true);
    }

    private string Decode(List<int> ids) =>
        ids.Count == 0 ? "" : _tokenizer.Decode(ids, _skipSpecialTokens, cleanUpTokenizationSpaces: false);
}
