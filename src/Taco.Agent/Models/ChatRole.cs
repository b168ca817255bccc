namespace Taco.Agent.Models;

/// <summary>Who wrote a turn. TACO has no system turn: the task prompt opens the first user turn.</summary>
public enum ChatRole
{
    User,
    Assistant,
}
