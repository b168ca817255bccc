using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Taco.Agent.Evaluation;

/// <summary>
/// One line of a batch's output (snake_case JSON, <c>batch</c> and <c>eval</c> alike): what became of one item.
/// <c>eval</c> scores these lines as they are (<see cref="EvalReport.Build"/>).
/// </summary>
public sealed record BatchResult
{
    public const string Answered = "answered";
    public const string NoAnswer = "no_answer";
    public const string Failed = "failed";

    public required string Id { get; init; }

    /// <summary><see cref="Answered"/>, <see cref="NoAnswer"/> (budget used up) or <see cref="Failed"/> (see <see cref="Error"/>).</summary>
    public required string Status { get; init; }

    public string? Answer { get; init; }

    /// <summary>The agent's exit reason (answered, max_replies, stalled, context_full, timed_out, model_error); null when the item never ran.</summary>
    public string? ExitReason { get; init; }

    public bool AnswerFromFallback { get; init; }

    /// <summary>Why the item failed (unreadable image, model error).</summary>
    public string? Error { get; init; }

    public required string Question { get; init; }

    public ImmutableArray<string> Images { get; init; } = [];

    public int Steps { get; init; }

    /// <summary>Per tool the model called: calls and failed calls.</summary>
    public ImmutableSortedDictionary<string, ToolCalls> Tools { get; init; } = ImmutableSortedDictionary<string, ToolCalls>.Empty;

    public int PrefilledTokens { get; init; }

    public int GeneratedTokens { get; init; }

    public double ElapsedMilliseconds { get; init; }

    /// <summary>The item's trace directory, with <c>--trace-dir</c>.</summary>
    [JsonPropertyName("trace")]
    public string? TraceDirectory { get; init; }
}
