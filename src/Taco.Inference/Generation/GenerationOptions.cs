using Taco.Inference.Models;

namespace Taco.Inference.Generation;

/// <summary>How to pick tokens and when to stop. The defaults are greedy decoding with the model's EOS ids.</summary>
public sealed record GenerationOptions
{
    /// <summary>Upper bound on new tokens; null uses <c>generation_config.json</c>'s <c>max_new_tokens</c>, else 256.</summary>
    public int? MaxNewTokens { get; init; }

    /// <summary>0 (or less) means greedy: the highest logit, lowest id on ties.</summary>
    public float Temperature { get; init; }

    /// <summary>Keep only the k best tokens before sampling; 0 = off.</summary>
    public int TopK { get; init; }

    /// <summary>Keep the smallest set of best tokens whose probability reaches p; 1 = off.</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>CTRL-style penalty on tokens already in the conversation (logit ÷ p if positive, × p if negative); 1 = off.</summary>
    public float RepetitionPenalty { get; init; } = 1f;

    /// <summary>Seed for sampling; the same seed gives the same tokens. Null draws a random seed.</summary>
    public int? Seed { get; init; }

    /// <summary>End-of-sequence ids; null uses the model's (<c>generation_config.json</c>).</summary>
    public IReadOnlyList<int>? EosTokenIds { get; init; }

    /// <summary>Generation stops once the new text contains one of these (the text keeps it).</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>Optional restriction of the next token, consulted before every choice.</summary>
    public ITokenConstraint? Constraint { get; init; }

    /// <summary>Leave special tokens (EOS, image markers) out of the text.</summary>
    public bool SkipSpecialTokens { get; init; } = true;

    /// <summary>The end-of-sequence ids generation on the model in <paramref name="directory"/> stops at: <see cref="EosTokenIds"/>, else the model's.</summary>
    public IReadOnlyList<int> EosTokenIdsFor(ModelDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return EosTokenIds ?? directory.EosTokenIds;
    }
}
