using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Taco.Agent.Protocol;
using Taco.Tools;

namespace Taco.Agent.Runs;

/// <summary>
/// One model reply and what came of it. This is also the trace record of a step (one
/// JSON line), so replay can re-run <see cref="ModelText"/> through parser and tools and
/// compare.
/// </summary>
public sealed record AgentStep
{
    /// <summary>1-based reply number.</summary>
    public required int Index { get; init; }

    public required AgentStepKind Kind { get; init; }

    public required string ModelText { get; init; }

    public string? Thought { get; init; }

    public string? ActionName { get; init; }

    /// <summary>The arguments as the model wrote them (before validation).</summary>
    public JsonElement? Arguments { get; init; }

    public CotaParseErrorKind? ParseErrorKind { get; init; }

    public string? ParseError { get; init; }

    /// <summary>The full tool result as JSON (including fields the model was not shown).</summary>
    public JsonElement? ToolResult { get; init; }

    /// <summary>The full tool result as Python's repr.</summary>
    public string? ToolResultRepr { get; init; }

    /// <summary>Python exception class of a failed action, e.g. <c>ValueError</c>.</summary>
    public string? ToolErrorType { get; init; }

    public string? ToolErrorMessage { get; init; }

    public bool Cached { get; init; }

    /// <summary>Images the action created, by id (<c>image-1</c> …).</summary>
    public ImmutableArray<string> NewImages { get; init; } = [];

    /// <summary>Files a trace writer stored for <see cref="NewImages"/>, relative to the trace.</summary>
    public ImmutableArray<string> ImageFiles { get; init; } = [];

    /// <summary>The user turn fed back to the model; null when the run ended at this step.</summary>
    public string? Observation { get; init; }

    public double? ModelMilliseconds { get; init; }

    public double? PrefillMilliseconds { get; init; }

    public double? GenerationMilliseconds { get; init; }

    public double? ToolMilliseconds { get; init; }

    public int? PrefilledTokens { get; init; }

    /// <summary>The whole prompt's tokens at this step (what a runtime without a KV cache would prefill).</summary>
    public int? PromptTokens { get; init; }

    public int? GeneratedTokens { get; init; }

    /// <summary>True when the model's reply was cut at its token limit before it was complete; null otherwise.</summary>
    public bool? Truncated { get; init; }

    /// <summary>True when the model's context window was full after this reply (the run then ends <c>context_full</c>); null otherwise.</summary>
    public bool? ContextFull { get; init; }

    /// <summary>The live outcome (with the original exception); not part of the trace.</summary>
    [JsonIgnore]
    public ToolOutcome? Outcome { get; init; }
}
