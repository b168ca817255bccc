using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Taco.Imaging;
using Taco.Inference.Generation;
using Taco.Inference.Preprocessing;
using Taco.Onnx;

namespace Taco.Inference;

/// <summary>
/// A dialogue with its KV cache. Appended tokens wait until the next decoder call, which processes only
/// them (and encodes only their images): a CoTA turn costs its own tokens, not the whole history. The last
/// generated token is kept pending too, so the next turn's prefill is <c>[last generated id] + new ids</c>.
/// <see cref="Rewind"/> drops everything after a point, cache included. Not thread-safe.
/// </summary>
public sealed class Conversation : IDisposable
{
    private readonly VisionLanguageModel _model;
    private readonly KvCache _cache;
    private readonly List<int> _history = [];
    private readonly List<ImageEntry> _images = [];
    private readonly List<StepStatistics> _steps = [];
    private readonly StepBuffers _buffers;
    private float[]? _lastLogits;
    private float[] _sampled = [];

    internal Conversation(VisionLanguageModel model)
    {
        _model = model;
        _cache = model.CreateCache();
        _buffers = model.CreateStepBuffers();
    }

    /// <summary>Every token of the conversation so far (prompt, images, generated).</summary>
    public IReadOnlyList<int> TokenIds => _history;

    public int Length => _history.Count;

    /// <summary>Tokens whose keys/values are in the cache; the rest are processed by the next decoder call.</summary>
    public int CachedLength => _cache.Length;

    /// <summary>Bytes held by the KV cache.</summary>
    public long CacheBytes => _cache.ByteCount;

    /// <summary>Every decoder call made so far, with the tokens it processed.</summary>
    public IReadOnlyList<StepStatistics> Steps => _steps;

    /// <summary>The result of the last finished <see cref="Generate"/> or <see cref="GenerateStreamingAsync"/>.</summary>
    public GenerationResult? LastResult { get; private set; }

    /// <summary>Time this conversation spent inside ONNX Runtime's Run (for the overhead benchmark).</summary>
    internal RunClock Clock => _buffers.Clock;

    /// <summary>
    /// Appends text in which each image placeholder (e.g. <c>&lt;image&gt;</c>) stands for the next of
    /// <paramref name="images"/>; placeholders are expanded per the model family, then tokenized without
    /// adding BOS/EOS (chat templates write their own).
    /// </summary>
    public void AppendText(string text, IReadOnlyList<RgbImage>? images = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        AppendText(text, images?.Select(_model.ImageProcessor.Process).ToList());
    }

    /// <summary>As <see cref="AppendText(string, IReadOnlyList{RgbImage})"/> with images already preprocessed.</summary>
    public void AppendText(string text, IReadOnlyList<ProcessedImage>? images)
    {
        ArgumentNullException.ThrowIfNull(text);
        images ??= [];
        var placeholder = _model.ImageProcessor.ImagePlaceholder;
        var parts = text.Split(placeholder);
        if (parts.Length - 1 != images.Count)
        {
            throw new ArgumentException($"The text has {parts.Length - 1} {placeholder} placeholder(s) but {images.Count} image(s) were given.", nameof(images));
        }

        var expanded = new StringBuilder(parts[0]);
        for (var i = 0; i < images.Count; i++)
        {
            expanded.Append(_model.ImageProcessor.ExpandPlaceholder(images[i])).Append(parts[i + 1]);
        }

        AppendTokens(_model.Tokenizer.Encode(expanded.ToString(), addSpecialTokens: false), images);
    }

    /// <summary>
    /// Appends token ids in which the image tokens belong, in order, to <paramref name="images"/> (each takes
    /// <see cref="ProcessedImage.ImageTokenCount"/> of them).
    /// </summary>
    public void AppendTokens(IReadOnlyList<int> ids, IReadOnlyList<ProcessedImage>? images = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        images ??= [];
        var imageToken = _model.Directory.ImageTokenId;
        var positions = new List<int>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] == imageToken)
            {
                positions.Add(_history.Count + i);
            }
        }

        var wanted = images.Sum(im => im.ImageTokenCount);
        if (wanted != positions.Count)
        {
            throw new ArgumentException(
                $"The tokens hold {positions.Count} image token(s) (id {imageToken}) but the {images.Count} image(s) need {wanted}; image features could not be placed.",
                nameof(images));
        }

        var next = 0;
        foreach (var image in images)
        {
            _images.Add(new ImageEntry(image, positions.GetRange(next, image.ImageTokenCount)));
            next += image.ImageTokenCount;
        }

        _history.AddRange(ids);
        if (ids.Count > 0)
        {
            _lastLogits = null;
        }
    }

    /// <summary>
    /// Runs the decoder over the pending tokens (those not yet in the cache) and returns the logits of the
    /// last position; with nothing pending, returns the logits already computed. The span is the conversation's
    /// own buffer: valid until the conversation next runs the decoder (copy it to keep it).
    /// </summary>
    public ReadOnlySpan<float> Forward(CancellationToken cancellationToken = default)
    {
        if (_lastLogits is null || _cache.Length < _history.Count)
        {
            if (_cache.Length == _history.Count)
            {
                if (_history.Count == 0)
                {
                    throw new InvalidOperationException("The conversation is empty; append a prompt first.");
                }

                // After a rewind the cache is complete but the last position's logits are gone: recompute them.
                _cache.Truncate(_history.Count - 1);
            }

            _lastLogits = Process(cancellationToken);
        }

        return _lastLogits;
    }

    /// <summary>Generates a reply after the current tokens; the generated ids join the conversation.</summary>
    public GenerationResult Generate(GenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        foreach (var unused in Run(options ?? new GenerationOptions(), cancellationToken))
        {
        }

        return LastResult!;
    }

    /// <summary>
    /// Generates and streams text deltas as they become complete characters (the tokenizer's streaming
    /// decoder). Each decoder step runs on the thread pool; cancellation interrupts a running step.
    /// </summary>
    public async IAsyncEnumerable<string> GenerateStreamingAsync(
        GenerationOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var steps = Run(options ?? new GenerationOptions(), cancellationToken).GetEnumerator();
        while (await Task.Run(steps.MoveNext, cancellationToken).ConfigureAwait(false))
        {
            if (steps.Current.Length > 0)
            {
                yield return steps.Current;
            }
        }
    }

    /// <summary>
    /// Drops everything after the first <paramref name="length"/> tokens, cache included, so the dialogue
    /// can continue from that point (e.g. retry a turn). Cannot cut through an image.
    /// </summary>
    public void Rewind(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _history.Count);
        if (_images.Any(im => im.Positions[0] < length && im.Positions[^1] >= length))
        {
            throw new ArgumentException($"Position {length} falls inside an image's tokens; rewind to before or after the image.", nameof(length));
        }

        if (length == _history.Count)
        {
            return;
        }

        _images.RemoveAll(im => im.Positions[0] >= length);
        _history.RemoveRange(length, _history.Count - length);
        _cache.Truncate(length);
        _lastLogits = null;
    }

    public void Dispose()
    {
        _cache.Dispose();
        _buffers.Dispose();
    }

    /// <summary>
    /// The generation loop: the decoder's logits go through a <see cref="SamplingPipeline"/> (constraint, masks,
    /// sampler, stop conditions), which picks each token and says when to stop; the conversation keeps the tokens
    /// and ends the generation at the maximum of new tokens or at the end of the model's context.
    /// </summary>
    private IEnumerable<string> Run(GenerationOptions options, CancellationToken cancellationToken)
    {
        var maxNew = options.MaxNewTokens ?? _model.Directory.MaxNewTokens ?? 256;
        var context = _model.Directory.ContextLength ?? int.MaxValue;
        var pipeline = SamplingPipeline.For(options, _model);
        var generated = new List<int>();
        LastResult = null;
        StopReason? stop = pipeline.ConstraintComplete ? StopReason.ConstraintComplete : null;
        while (stop is null)
        {
            stop = generated.Count >= maxNew ? StopReason.MaxNewTokens : _history.Count >= context ? StopReason.ContextFull : null;
            if (stop is not null)
            {
                break;
            }

            // The pipeline masks the logits in place: a copy, kept across steps, leaves the conversation's intact.
            var logits = Forward(cancellationToken);
            if (_sampled.Length != logits.Length)
            {
                _sampled = new float[logits.Length];
            }

            logits.CopyTo(_sampled);
            var token = pipeline.Choose(_sampled, _history, Math.Min(maxNew - generated.Count, context - _history.Count));
            _history.Add(token);
            _lastLogits = null;
            generated.Add(token);
            (var delta, stop) = pipeline.Accept(token);
            yield return delta;
        }

        if (stop is StopReason.MaxNewTokens or StopReason.ContextFull or StopReason.ConstraintComplete)
        {
            var rest = pipeline.Flush();
            if (rest.Length > 0)
            {
                yield return rest;
            }
        }

        LastResult = new GenerationResult(generated, pipeline.Text, stop.Value);
    }

    private float[] Process(CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var runBefore = _buffers.Clock.Ticks;
        var past = _cache.Length;
        var count = _history.Count - past;
        var ids = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_history).Slice(past, count);
        // Images are kept in token order, so the pending ones are a suffix of the list (usually empty on decode steps).
        var firstPending = _images.Count;
        while (firstPending > 0 && _images[firstPending - 1].Positions[^1] >= past)
        {
            firstPending--;
        }

        if (firstPending < _images.Count && _images[firstPending].Positions[0] < past)
        {
            throw new InvalidOperationException($"The cache ends inside an image's tokens (position {past}); the image cannot be encoded in part.");
        }

        var embeds = _model.Embed(ids, _buffers, cancellationToken);
        try
        {
            PlaceImages(embeds, ids, past, firstPending, cancellationToken);
            var logits = _model.Decode(embeds, count, _cache, _buffers, cancellationToken);
            _steps.Add(new StepStatistics(
                count,
                past,
                Stopwatch.GetElapsedTime(start),
                TimeSpan.FromSeconds((double)(_buffers.Clock.Ticks - runBefore) / Stopwatch.Frequency)));
            return logits;
        }
        finally
        {
            // A single token's embedding is the step buffers' own tensor, reused by the next step.
            if (!ReferenceEquals(embeds, _buffers.Embeds))
            {
                embeds.Dispose();
            }
        }
    }

    /// <summary>Encodes the pending images (from <paramref name="firstPending"/>) and writes their features over their tokens' embeddings.</summary>
    private void PlaceImages(OrtValue embeds, ReadOnlySpan<int> ids, int past, int firstPending, CancellationToken cancellationToken)
    {
        var placed = 0;
        for (var i = firstPending; i < _images.Count; i++)
        {
            var image = _images[i];
            var features = _model.EncodeImage(image.Image, _buffers, cancellationToken);
            var hidden = _model.HiddenSize;
            var rows = features.Length / hidden;
            if (rows != image.Positions.Count)
            {
                throw new InvalidOperationException(
                    $"The vision encoder produced {rows} feature rows for an image but the prompt holds {image.Positions.Count} image tokens for it; "
                    + "the preprocessing does not match this model.");
            }

            for (var r = 0; r < rows; r++)
            {
                TensorMath.WriteFloats(embeds, features.AsSpan(r * hidden, hidden), (image.Positions[r] - past) * hidden);
            }

            placed += rows;
        }

        var imageTokens = 0;
        foreach (var id in ids)
        {
            imageTokens += id == _model.Directory.ImageTokenId ? 1 : 0;
        }

        if (imageTokens != placed)
        {
            throw new InvalidOperationException($"{imageTokens} image tokens are pending but images supply {placed} feature rows.");
        }
    }

    private sealed record ImageEntry(ProcessedImage Image, List<int> Positions);
}
