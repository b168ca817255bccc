namespace Taco.Inference.Generation;

/// <summary>What one <see cref="Conversation.Generate"/> call produced.</summary>
public sealed record GenerationResult(IReadOnlyList<int> TokenIds, string Text, StopReason StopReason);
