using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Taco.Tools.Values;

namespace Taco.Agent.Protocol;

/// <summary>
/// <c>json.dumps</c> with its defaults (<c>", "</c> and <c>": "</c> separators, non-ASCII
/// escaped, floats as Python's repr), for the worked examples of the full prompt.
/// </summary>
public static class PythonJsonWriter
{
    public static string Dumps(JsonNode? node)
    {
        var sb = new StringBuilder();
        Append(sb, node);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                sb.Append('{');
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    PythonJsonString.Append(sb, key);
                    sb.Append(": ");
                    Append(sb, value);
                }

                sb.Append('}');
                break;
            case JsonArray array:
                sb.Append('[');
                for (var k = 0; k < array.Count; k++)
                {
                    if (k > 0)
                    {
                        sb.Append(", ");
                    }

                    Append(sb, array[k]);
                }

                sb.Append(']');
                break;
            case JsonValue value:
                AppendValue(sb, value);
                break;
            default:
                throw new ArgumentException($"Unsupported JSON node {node.GetType().Name}.", nameof(node));
        }
    }

    private static void AppendValue(StringBuilder sb, JsonValue value)
    {
        switch (value.GetValue<object>())
        {
            case string s:
                PythonJsonString.Append(sb, s);
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case double d:
                sb.Append(DumpFloat(d));
                break;
            case float f:
                sb.Append(DumpFloat(f));
                break;
            case JsonElement e:
                AppendElement(sb, e);
                break;
            case IFormattable integer:
                sb.Append(integer.ToString(null, CultureInfo.InvariantCulture));
                break;
            case var other:
                throw new ArgumentException($"Unsupported JSON value {other.GetType().Name}.", nameof(value));
        }
    }

    private static void AppendElement(StringBuilder sb, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                PythonJsonString.Append(sb, e.GetString()!);
                break;
            case JsonValueKind.Number:
                var raw = e.GetRawText();
                var isFloat = raw.Contains('.', StringComparison.Ordinal) || raw.Contains('e', StringComparison.OrdinalIgnoreCase);

                // Integers keep their written digits, as Python ints do.
                sb.Append(isFloat ? DumpFloat(e.GetDouble()) : raw);
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            case JsonValueKind.Null:
                sb.Append("null");
                break;
            default:
                // Objects and arrays held by a value node: re-read them as nodes.
                Append(sb, e.ValueKind == JsonValueKind.Object ? JsonObject.Create(e) : JsonArray.Create(e));
                break;
        }
    }

    private static string DumpFloat(double d) => d switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "Infinity",
        double.NegativeInfinity => "-Infinity",
        _ => PythonFloat.Repr(d),
    };
}
