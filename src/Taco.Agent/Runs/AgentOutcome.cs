using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Taco.Agent.Models;

namespace Taco.Agent.Runs;

/// <summary>How a question ended: the answer (if any), why the run stopped, and every step.</summary>
public sealed record AgentOutcome
{
    public required string Question { get; init; }

    public string? Answer { get; init; }

    public required AgentExitReason ExitReason { get; init; }

    /// <summary>True when <see cref="Answer"/> came from the fallback regex rather than Terminate.</summary>
    public bool AnswerFromFallback { get; init; }

    public ImmutableArray<AgentStep> Steps { get; init; } = [];

    public double ElapsedMilliseconds { get; init; }

    /// <summary>The model's failure, when <see cref="ExitReason"/> is <see cref="AgentExitReason.ModelError"/>.</summary>
    public string? Error { get; init; }

    /// <summary>The system message the model saw (the task prompt under the <c>taco</c> profile); not part of the trace (its start record carries it).</summary>
    [JsonIgnore]
    public string? SystemPrompt { get; init; }

    /// <summary>The conversation as the model saw it; not part of the trace (the steps carry the same texts).</summary>
    [JsonIgnore]
    public ImmutableArray<ChatMessage> Messages { get; init; } = [];
}
