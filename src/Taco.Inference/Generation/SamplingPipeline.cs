namespace Taco.Inference.Generation;

/// <summary>
/// How one generation picks each token and when it stops, apart from the conversation that runs the decoder:
/// the constraint masks the logits, then the ids no model may write are masked, the sampler picks among the rest
/// and the constraint is told the pick; the stop conditions turn it into text and end the generation on
/// end-of-sequence, a stop string, or once the constraint allows nothing more (in that order). Each stage is its
/// own object; one pipeline per generation (the stages hold its state).
/// </summary>
internal sealed class SamplingPipeline
{
    private readonly ITokenConstraint? _constraint;
    private readonly IReadOnlyList<int> _masked;
    private readonly TokenSampler _sampler;
    private readonly StopConditions _stops;

    public SamplingPipeline(ITokenConstraint? constraint, IReadOnlyList<int> masked, TokenSampler sampler, StopConditions stops)
    {
        _constraint = constraint;
        _masked = masked;
        _sampler = sampler;
        _stops = stops;
    }

    /// <summary>Whether the constraint allows nothing more (checked before the first token too).</summary>
    public bool ConstraintComplete => _constraint?.IsComplete == true;

    /// <summary>The text so far.</summary>
    public string Text => _stops.Text;

    /// <summary>
    /// The pipeline <paramref name="options"/> ask for on <paramref name="model"/>: its end-of-sequence ids unless
    /// the options name others, and its image placeholder masked — fed back, it would ask for image features that
    /// do not exist (unconstrained sampling at temperature 1 does pick it), so it is never text a model may write.
    /// </summary>
    public static SamplingPipeline For(GenerationOptions options, VisionLanguageModel model) => new(
        options.Constraint,
        [model.Directory.ImageTokenId],
        new TokenSampler(options),
        new StopConditions(
            model.Tokenizer.CreateStreamingDecoder(options.SkipSpecialTokens),
            options.EosTokenIdsFor(model.Directory),
            options.StopStrings));

    /// <summary>
    /// Picks the next token from <paramref name="logits"/> (modified in place) after <paramref name="history"/>, with
    /// <paramref name="remaining"/> tokens left to the generation, this one included.
    /// </summary>
    public int Choose(Span<float> logits, IReadOnlyList<int> history, int remaining)
    {
        _constraint?.MaskLogits(logits, remaining);
        // By index: a foreach over the interface would allocate an enumerator every token.
        for (var i = 0; i < _masked.Count; i++)
        {
            var id = _masked[i];
            if ((uint)id < (uint)logits.Length)
            {
                logits[id] = float.NegativeInfinity;
            }
        }

        var token = _sampler.Next(logits, history);
        _constraint?.Accept(token);
        return token;
    }

    /// <summary>The text the chosen <paramref name="token"/> completes, and why generation ends with it (null: it goes on).</summary>
    public (string Delta, StopReason? Stop) Accept(int token)
    {
        var (delta, stop) = _stops.Add(token);
        return (delta, stop ?? (ConstraintComplete ? StopReason.ConstraintComplete : null));
    }

    /// <summary>The text of bytes still held back when generation ends without end-of-sequence.</summary>
    public string Flush() => _stops.Flush();
}
