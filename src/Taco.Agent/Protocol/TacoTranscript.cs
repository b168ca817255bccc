using System.Text;
using Taco.Agent.Models;

namespace Taco.Agent.Protocol;

/// <summary>
/// The reference runtime's flattening of a conversation for a local checkpoint: the system message and
/// <c>⏎</c>, then per message <c>###Human: </c> or <c>###Assistant: </c>, its text (images as
/// <c>&lt;image&gt;</c>) and <c>⏎</c>, then <c>⏎###Assistant: </c>. The whole text is the one user turn of
/// the model's chat template; the reply is stripped and cut after a trailing <c>Assistant:</c>.
/// </summary>
public static class TacoTranscript
{
    public const string Separator = "###";

    public const string HumanRole = "Human";

    public const string AssistantRole = "Assistant";

    /// <summary>What follows the last message: the turn the model continues.</summary>
    public const string Tail = "\n" + Separator + AssistantRole + ": ";

    /// <summary>The messages' part of the transcript, without the system message or the tail (it only grows from step to step).</summary>
    public static string RenderMessages(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var sb = new StringBuilder();
        foreach (var message in messages)
        {
            sb.Append(Separator).Append(message.Role == ChatRole.User ? HumanRole : AssistantRole).Append(": ").Append(message.Text).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The whole text the model's user turn holds.</summary>
    public static string Render(string? systemPrompt, IEnumerable<ChatMessage> messages) =>
        (systemPrompt ?? string.Empty) + "\n" + RenderMessages(messages) + Tail;

    /// <summary>The reply as the reference keeps it: whitespace stripped, and only what follows the last <c>Assistant:</c> if one appears.</summary>
    public static string CleanReply(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var text = reply.Trim();
        var marker = AssistantRole + ":";
        var at = text.LastIndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? text : text[(at + marker.Length)..].Trim();
    }
}
