using System.Collections.Immutable;
using Taco.Agent.Images;
using Taco.Agent.Models;

namespace Taco.Agent.Synthesis;

/// <summary>What came of one item: a kept conversation, or the reason it was dropped.</summary>
public sealed record SynthTrace
{
    public required SynthItem Item { get; init; }

    /// <summary>Null when the trace is kept; else one of <see cref="DropReasons"/>.</summary>
    public string? DropReason { get; init; }

    public string? Detail { get; init; }

    public string? Answer { get; init; }

    /// <summary>The dialogue exactly as the agent handed it to the model, ending with the final reply.</summary>
    public ImmutableArray<ChatMessage> Messages { get; init; } = [];

    /// <summary>The conversation's images: the inputs, then those the tools made.</summary>
    public ImageStore? Images { get; init; }

    public bool Kept => DropReason is null;
}
