using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Taco.Tools.Values;

namespace Taco.Agent.Runs;

/// <summary>Tool values as JSON for traces and <c>--json</c> output (images as their ids).</summary>
public static class ToolValueJson
{
    private static readonly JsonSerializerOptions Options = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static JsonElement ToElement(ToolValue value) => JsonSerializer.SerializeToElement(ToNode(value), Options);

    public static JsonNode? ToNode(ToolValue value) => value switch
    {
        ToolNone => null,
        ToolBool b => JsonValue.Create(b.Value),
        ToolInteger i => JsonNode.Parse(i.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ToolFloat f => JsonValue.Create(f.Value),
        ToolString s => JsonValue.Create(s.Value),
        ToolImage img => JsonValue.Create(img.Image.Name),
        ToolList list => new JsonArray([.. list.Items.Select(ToNode)]),
        ToolDict dict => new JsonObject(dict.Entries.Select(kv => KeyValuePair.Create(kv.Key, ToNode(kv.Value)))),
        _ => throw new ArgumentException($"Unsupported tool value {value.GetType().Name}.", nameof(value)),
    };
}
