namespace Taco.Agent.Models;

/// <summary>
/// The model's next assistant turn. Token counts and timings are optional because
/// remote or scripted models may not know them.
/// </summary>
public sealed record ActionModelReply(string Text)
{
    /// <summary>Tokens fed to the model for this step (only the new ones when a KV cache is reused).</summary>
    public int? PrefilledTokens { get; init; }

    /// <summary>Tokens of the whole prompt at this step, the cached ones included.</summary>
    public int? PromptTokens { get; init; }

    public int? GeneratedTokens { get; init; }

    public TimeSpan? PrefillTime { get; init; }

    public TimeSpan? GenerationTime { get; init; }

    /// <summary>Generation stopped at the token limit (or the context's end) before the reply was complete.</summary>
    public bool Truncated { get; init; }

    /// <summary>
    /// The model's context window is full: this conversation cannot take another turn, so the agent
    /// stops instead of asking again (every further reply would be empty).
    /// </summary>
    public bool ContextFull { get; init; }
}
