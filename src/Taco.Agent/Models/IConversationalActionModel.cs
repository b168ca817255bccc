namespace Taco.Agent.Models;

/// <summary>
/// A model that keeps state per conversation (a KV cache). The agent tells it when a
/// conversation is over — answered, failed or cancelled — so the state can be released.
/// </summary>
public interface IConversationalActionModel : IActionModel
{
    ValueTask EndConversationAsync(Guid conversationId);
}
