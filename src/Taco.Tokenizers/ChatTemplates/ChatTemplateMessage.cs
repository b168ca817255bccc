using Taco.Tokenizers.ChatTemplates.Jinja;

namespace Taco.Tokenizers.ChatTemplates;

/// <summary>A conversation turn as chat templates see it: content is either a string or a list of parts.</summary>
public sealed record ChatTemplateMessage(string Role, string? Content, IReadOnlyList<ChatContentPart>? Parts = null)
{
    public static ChatTemplateMessage FromParts(string role, params ChatContentPart[] parts) => new(role, null, parts);

    internal JValue ToTemplateValue()
    {
        var entries = new OrderedDictionary<string, JValue>(StringComparer.Ordinal) { ["role"] = new JString(Role) };
        if (Parts is not null)
        {
            entries["content"] = new JArray(Parts.Select(p =>
            {
                var part = new OrderedDictionary<string, JValue>(StringComparer.Ordinal) { ["type"] = new JString(p.Type) };
                if (p.Text is not null)
                {
                    part["text"] = new JString(p.Text);
                }

                return (JValue)new JObject(part);
            }).ToList());
        }
        else
        {
            entries["content"] = Content is null ? JNull.Instance : new JString(Content);
        }
        return new JObject(entries);
    }
}
