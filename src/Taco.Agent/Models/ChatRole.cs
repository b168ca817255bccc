namespace Taco.Agent.Models;

/// <summary>Who wrote a turn. The system message (TACO's task prompt) travels apart, as <see cref="ActionModelRequest.SystemPrompt"/>.</summary>
public enum ChatRole
{
    User,
    Assistant,
}
