using Taco.Tools;

namespace Taco.Agent.Models;

/// <summary>
/// What a model sees for one step: every turn so far (the last is a user turn) and the
/// pixels of every image those turns name.
/// </summary>
public sealed record ActionModelRequest(IReadOnlyList<ChatMessage> Messages, IToolImages Images);
