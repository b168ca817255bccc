using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Taco.Tokenizers.ChatTemplates.Jinja;

/// <summary>Runtime values with the reference's (JavaScript-backed) truthiness, equality and printing.</summary>
internal abstract class JValue
{
    public virtual bool Truthy => true;

    /// <summary>What {{ value }} prints.</summary>
    public abstract override string ToString();

    /// <summary>JavaScript's String(value.value), used by + and ~ concatenation.</summary>
    public virtual string RawString => ToString();
}

internal sealed class JString(string value) : JValue
{
    public string Value { get; } = value;

    public override bool Truthy => Value.Length > 0;

    public override string ToString() => Value;
}

internal sealed class JInt(long value) : JValue
{
    public long Value { get; } = value;

    public override bool Truthy => Value != 0;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

internal sealed class JFloat(double value) : JValue
{
    public double Value { get; } = value;

    public override bool Truthy => Value != 0 && !double.IsNaN(Value);

    public override string ToString() =>
        Value == 0 && double.IsNegative(Value) ? "-0.0" : Value % 1 == 0 && double.IsFinite(Value) ? Value.ToString("F1", CultureInfo.InvariantCulture) : JsFormat.Number(Value);

    public override string RawString => JsFormat.Number(Value);
}

internal sealed class JBool(bool value) : JValue
{
    public static readonly JBool True = new(true);
    public static readonly JBool False = new(false);

    public bool Value { get; } = value;

    public override bool Truthy => Value;

    public override string ToString() => Value ? "true" : "false";

    public static JBool Of(bool b) => b ? True : False;
}

internal sealed class JNull : JValue
{
    public static readonly JNull Instance = new();

    public override bool Truthy => false;

    public override string ToString() => "null";
}

internal sealed class JUndefined : JValue
{
    public static readonly JUndefined Instance = new();

    public override bool Truthy => false;

    public override string ToString() => "undefined";
}

internal class JArray(List<JValue> items) : JValue
{
    public List<JValue> Items { get; } = items;

    public override bool Truthy => Items.Count > 0;

    public override string ToString() => JsFormat.ToJson(this, null, convertUndefinedToNull: false);

    /// <summary>
    /// JavaScript's Array.prototype.join over the reference's runtime values: each item as that value's
    /// toString() — what it prints (nested lists and dicts as JSON, 1.0 as "1.0") — and none as "undefined",
    /// because the reference's none holds JavaScript's undefined.
    /// </summary>
    public override string RawString => string.Join(",", Items.Select(i => i is JNull ? "undefined" : i.ToString()));
}

internal sealed class JTuple(List<JValue> items) : JArray(items);

internal class JObject(OrderedDictionary<string, JValue> entries) : JValue
{
    public OrderedDictionary<string, JValue> Entries { get; } = entries;

    public override bool Truthy => Entries.Count > 0;

    public override string ToString() => JsFormat.ToJson(this, null, convertUndefinedToNull: false);

    public override string RawString => "[object Map]";
}

internal sealed class JKeywordArguments(OrderedDictionary<string, JValue> entries) : JObject(entries);

internal sealed class JNamespace(OrderedDictionary<string, JValue> entries) : JValue
{
    public OrderedDictionary<string, JValue> Entries { get; } = entries;

    public override string ToString() => JsFormat.ToJson(this, null, convertUndefinedToNull: false);

    public override string RawString => "[object Map]";
}

internal sealed class JFunction(Func<List<JValue>, Scope, JValue> call) : JValue
{
    public Func<List<JValue>, Scope, JValue> Call { get; } = call;

    public override string ToString() => "[function]";
}

/// <summary>Host data (JSON, plain .NET objects) to runtime values, the way the reference converts JS values.</summary>
internal static class JConvert
{
    public static JValue From(object? value) => value switch
    {
        null => JNull.Instance,
        JValue v => v,
        string s => new JString(s),
        bool b => JBool.Of(b),
        int i => new JInt(i),
        long l => new JInt(l),
        double d => d % 1 == 0 && double.IsFinite(d) && Math.Abs(d) < 9.007199254740992E15 ? new JInt((long)d) : new JFloat(d),
        float f => From((double)f),
        decimal m => From((double)m),
        JsonElement e => FromJson(e),
        System.Text.Json.Nodes.JsonNode n => FromJson(JsonSerializer.SerializeToElement(n)),
        ChatTemplateMessage m => m.ToTemplateValue(),
        System.Collections.IDictionary dict => FromDictionary(dict),
        System.Collections.IEnumerable list => new JArray(list.Cast<object?>().Select(From).ToList()),
        _ => throw new ChatTemplateException($"Cannot pass a {value.GetType().Name} to a chat template"),
    };

    private static JObject FromDictionary(System.Collections.IDictionary dict)
    {
        var entries = new OrderedDictionary<string, JValue>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in dict)
        {
            entries[Convert.ToString(e.Key, CultureInfo.InvariantCulture)!] = From(e.Value);
        }

        return new JObject(entries);
    }

    public static JValue FromJson(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                return new JString(e.GetString()!);
            case JsonValueKind.Number:
                return From(e.GetDouble());
            case JsonValueKind.True:
                return JBool.True;
            case JsonValueKind.False:
                return JBool.False;
            case JsonValueKind.Array:
                return new JArray(e.EnumerateArray().Select(FromJson).ToList());
            case JsonValueKind.Object:
                var entries = new OrderedDictionary<string, JValue>(StringComparer.Ordinal);
                foreach (var p in e.EnumerateObject())
                {
                    entries[p.Name] = FromJson(p.Value);
                }

                return new JObject(entries);
            default:
                return JNull.Instance;
        }
    }
}

/// <summary>JavaScript number printing and the reference's toJSON.</summary>
internal static class JsFormat
{
    public static string Number(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "Infinity" : "-Infinity";
        }

        if (d == 0)
        {
            return "0";
        }

        var abs = Math.Abs(d);
        if (abs is >= 1e-6 and < 1e21)
        {
            var r = d.ToString("R", CultureInfo.InvariantCulture);
            if (!r.Contains('E', StringComparison.Ordinal))
            {
                return r;
            }

            return decimal.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m.ToString(CultureInfo.InvariantCulture) : r;
        }
        var s = d.ToString("R", CultureInfo.InvariantCulture);
        var e = s.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return s;
        }

        var exp = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return $"{s[..e]}e{(exp >= 0 ? "+" : "-")}{Math.Abs(exp)}";
    }

    /// <summary>JSON.stringify of a string: escapes quotes, backslashes, controls and lone surrogates.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        for (var i = 0; i < s.Length; ++i)
        {
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(c).Append(s[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    public sealed record JsonOptions(int? Indent, bool EnsureAscii, bool SortKeys, (string Item, string Key)? Separators);

    public static string ToJson(JValue value, JsonOptions? options, bool convertUndefinedToNull = true, int depth = 0)
    {
        options ??= new JsonOptions(null, false, false, null);
        var (itemSep, keySep) = options.Separators ?? (options.Indent is > 0 ? (",", ": ") : (", ", ": "));
        switch (value)
        {
            case JNull:
                return "null";
            case JUndefined:
                return convertUndefinedToNull ? "null" : "undefined";
            case JInt i:
                return i.ToString();
            case JFloat f:
                return double.IsFinite(f.Value) ? Number(f.Value) : "null";
            case JBool b:
                return b.ToString();
            case JString s:
                return options.EnsureAscii ? AsciiSafe(Quote(s.Value)) : Quote(s.Value);
            case JArray or JObject or JNamespace:
                var indent = options.Indent is > 0 ? new string(' ', options.Indent.Value) : "";
                var basePad = "\n" + string.Concat(Enumerable.Repeat(indent, depth));
                var childPad = basePad + indent;
                var pretty = options.Indent is > 0;
                if (value is JArray arr)
                {
                    var core = arr.Items.Select(x => ToJson(x, options, convertUndefinedToNull, depth + 1)).ToList();
                    return pretty && core.Count > 0 ? $"[{childPad}{string.Join(itemSep + childPad, core)}{basePad}]" : $"[{string.Join(itemSep, core)}]";
                }
                var entries = (value is JObject o ? o.Entries : ((JNamespace)value).Entries).ToList();
                if (options.SortKeys)
                {
                    entries = entries.OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase).ToList();
                }

                var parts = entries.Select(kv =>
                {
                    var key = options.EnsureAscii ? AsciiSafe(Quote(kv.Key)) : Quote(kv.Key);
                    var v = $"{key}{keySep}{ToJson(kv.Value, options, convertUndefinedToNull, depth + 1)}";
                    return pretty ? childPad + v : v;
                }).ToList();
                return pretty && parts.Count > 0 ? $"{{{string.Join(itemSep, parts)}{basePad}}}" : $"{{{string.Join(itemSep, parts)}}}";
            default:
                throw new ChatTemplateException($"Cannot convert to JSON: {value.GetType().Name}");
        }
    }

    private static string AsciiSafe(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c >= 0x7F)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
