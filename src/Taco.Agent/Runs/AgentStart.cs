using System.Collections.Immutable;

namespace Taco.Agent.Runs;

/// <summary>The question as posed: first trace record.</summary>
public sealed record AgentStart
{
    public required string Question { get; init; }

    public required string Profile { get; init; }

    public required ImmutableArray<string> Actions { get; init; }

    /// <summary>Content hashes of the input images, in order (image-0 first).</summary>
    public required ImmutableArray<string> ImageHashes { get; init; }

    /// <summary>The system message (the task prompt under the <c>taco</c> profile); null when there is none.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>The first user turn, exactly as sent.</summary>
    public required string FirstTurn { get; init; }

    public required int MaxReplies { get; init; }
}
