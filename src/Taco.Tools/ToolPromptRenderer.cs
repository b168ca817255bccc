using System.Text;
using System.Text.Json;
using Taco.Tools.Values;

namespace Taco.Tools;

/// <summary>
/// Renders the <c>[BEGIN OF ACTIONS]</c> part of TACO's full prompt: per action
/// <c>Name/Description/Arguments/Returns/Examples</c>, with JSON written the way Python's
/// <c>json.dumps</c> writes it (<c>", "</c> and <c>": "</c> separators, non-ASCII escaped).
/// </summary>
public static class ToolPromptRenderer
{
    public static string RenderAction(ToolDescriptor tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var sb = new StringBuilder();
        sb.Append("Name: ").Append(tool.Name).Append('\n');
        sb.Append("Description: ").Append(tool.Description).Append('\n');
        sb.Append("Arguments: ");
        AppendObject(sb, tool.Arguments.Select(a => (a.Name, a.Description)));
        sb.Append('\n');
        sb.Append("Returns: ");
        AppendObject(sb, tool.Returns.Select(r => (r.Name, r.Description)));
        sb.Append('\n');
        sb.Append("Examples:\n");
        foreach (var example in tool.Examples)
        {
            using var doc = JsonDocument.Parse(example.ArgumentsJson);
            sb.Append("{\"name\": ");
            PythonJsonString.Append(sb, tool.Name);
            sb.Append(", \"arguments\": ");
            AppendJson(sb, doc.RootElement);
            sb.Append("}\n");
        }

        return sb.ToString();
    }

    /// <summary>The whole actions block, ending with the blank line that precedes the task instructions.</summary>
    public static string RenderActions(IEnumerable<ToolDescriptor> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var sb = new StringBuilder("[BEGIN OF ACTIONS]\n");
        foreach (var tool in tools)
        {
            sb.Append(RenderAction(tool)).Append('\n');
        }

        return sb.Append("[END OF ACTIONS]\n\n").ToString();
    }

    private static void AppendObject(StringBuilder sb, IEnumerable<(string Key, string Value)> entries)
    {
        sb.Append('{');
        var first = true;
        foreach (var (key, value) in entries)
        {
            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            PythonJsonString.Append(sb, key);
            sb.Append(": ");
            PythonJsonString.Append(sb, value);
        }

        sb.Append('}');
    }

    private static void AppendJson(StringBuilder sb, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                var first = true;
                foreach (var p in e.EnumerateObject())
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    PythonJsonString.Append(sb, p.Name);
                    sb.Append(": ");
                    AppendJson(sb, p.Value);
                }

                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var k = 0;
                foreach (var item in e.EnumerateArray())
                {
                    if (k++ > 0)
                    {
                        sb.Append(", ");
                    }

                    AppendJson(sb, item);
                }

                sb.Append(']');
                break;
            case JsonValueKind.String:
                PythonJsonString.Append(sb, e.GetString()!);
                break;
            default:
                sb.Append(e.GetRawText());
                break;
        }
    }
}
