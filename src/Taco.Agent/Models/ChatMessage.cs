using System.Collections.Immutable;
using Taco.Tools;

namespace Taco.Agent.Models;

/// <summary>
/// One turn of the conversation. <see cref="Images"/> are the pictures attached at the
/// <c>&lt;image&gt;</c> placeholders of <see cref="Text"/>, in order of appearance.
/// </summary>
public sealed record ChatMessage(ChatRole Role, string Text, ImmutableArray<ImageRef> Images)
{
    public static ChatMessage User(string text, IEnumerable<ImageRef>? images = null) =>
        new(ChatRole.User, text, images is null ? [] : [.. images]);

    public static ChatMessage Assistant(string text) => new(ChatRole.Assistant, text, []);
}
