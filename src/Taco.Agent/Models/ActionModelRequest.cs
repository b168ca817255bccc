using Taco.Agent.Protocol;
using Taco.Tools;

namespace Taco.Agent.Models;

/// <summary>
/// What a model sees for one step: every turn so far (the last is a user turn) and the
/// pixels of every image those turns name. Within one conversation each request extends
/// the previous one by the model's reply and the next user turn, so a model that keeps a
/// KV cache per <see cref="ConversationId"/> needs to process only the last turn.
/// </summary>
public sealed record ActionModelRequest(IReadOnlyList<ChatMessage> Messages, IToolImages Images)
{
    /// <summary>Identifies the question being answered; concurrent runs sharing one model have different ids.</summary>
    public Guid ConversationId { get; init; }

    /// <summary>
    /// The actions the model may call at this step (the profile's offer, Terminate included), so a model
    /// can constrain its output to them; with <see cref="IToolImages.Count"/> of <see cref="Images"/>, the
    /// image ids that exist. Empty when the caller does not say.
    /// </summary>
    public IReadOnlyList<ToolDescriptor> Actions { get; init; } = [];

    /// <summary>The system message (TACO's task prompt), or null when the task prompt opens the first user turn.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>How a local model should receive <see cref="SystemPrompt"/> and <see cref="Messages"/>.</summary>
    public ModelInput Input { get; init; } = ModelInput.ChatTurns;
}
