using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Taco.Tools.Values;

namespace Taco.Tools;

/// <summary>
/// Checks a model's (or a person's) arguments against a tool's schema before the tool
/// runs. Every rejection is a <c>ValueError</c> the model can read and correct. It is
/// lenient where models are sloppy in harmless ways (numbers written as strings, a bbox
/// written as a string) and strict where a mistake would change the meaning.
/// </summary>
public static partial class ToolArgumentValidator
{
    public const string BBoxRangeMessage = "Bounding box coordinates must be between 0 and 1";

    public static ToolArguments Validate(ToolDescriptor tool, JsonElement arguments, ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(context);
        if (arguments.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return Validate(tool, [], context);
        }

        if (arguments.ValueKind != JsonValueKind.Object)
        {
            throw ToolExecutionException.Value($"The arguments of {tool.Name} must be a JSON object, got {Describe(arguments.ValueKind)}");
        }

        var given = new List<KeyValuePair<string, Raw>>();
        foreach (var p in arguments.EnumerateObject())
        {
            given.Add(new(p.Name, new Raw(p.Value, null)));
        }

        return Validate(tool, given, context);
    }

    /// <summary>Arguments typed by a person (<c>--arg k=v</c>): every value is text and is read by its declared type.</summary>
    public static ToolArguments Validate(ToolDescriptor tool, IReadOnlyDictionary<string, string> arguments, ToolContext context)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        return Validate(tool, arguments.Select(kv => new KeyValuePair<string, Raw>(kv.Key, new Raw(default, kv.Value))).ToList(), context);
    }

    private static ToolArguments Validate(ToolDescriptor tool, List<KeyValuePair<string, Raw>> given, ToolContext context)
    {
        var known = tool.Arguments.ToDictionary(a => a.Name, StringComparer.Ordinal);
        var values = ImmutableSortedDictionary.CreateBuilder<string, ToolValue>(StringComparer.Ordinal);
        foreach (var (name, raw) in given)
        {
            if (!known.TryGetValue(name, out var spec))
            {
                var expected = tool.Arguments.IsEmpty ? "it takes none" : "expected " + string.Join(", ", tool.Arguments.Select(a => a.Name));
                throw ToolExecutionException.Value($"{tool.Name} got an unexpected argument '{Clip(name)}'; {expected}");
            }

            if (values.ContainsKey(name))
            {
                throw ToolExecutionException.Value($"{tool.Name} got argument '{name}' twice");
            }

            values[name] = Convert(spec, spec.Type, raw, context);
        }

        foreach (var spec in tool.Arguments.Where(a => a.Required && !values.ContainsKey(a.Name)))
        {
            throw ToolExecutionException.Value($"{tool.Name} is missing the required argument '{spec.Name}'");
        }

        return new ToolArguments(values.ToImmutable());
    }

    private static ToolValue Convert(ToolArgument spec, ToolArgumentType type, Raw raw, ToolContext context) => type switch
    {
        ToolArgumentType.String => ConvertString(spec, raw),
        ToolArgumentType.Number => ConvertNumber(spec, raw, integerOnly: false),
        ToolArgumentType.Integer => ConvertNumber(spec, raw, integerOnly: true),
        ToolArgumentType.BBox => ConvertBBox(raw),
        ToolArgumentType.Image => ConvertImage(spec, raw, context),
        ToolArgumentType.Array => ConvertArray(spec, raw, context),
        _ => throw new InvalidOperationException($"Unknown argument type {type}."),
    };

    private static ToolString ConvertString(ToolArgument spec, Raw raw)
    {
        string? s = raw.Text;
        if (s is null)
        {
            s = raw.Json.ValueKind switch
            {
                JsonValueKind.String => raw.Json.GetString(),
                // A number where text was expected (e.g. Terminate's answer 13.7) keeps its written form.
                JsonValueKind.Number => raw.Json.GetRawText(),
                _ => null,
            };
        }

        if (s is null)
        {
            throw ToolExecutionException.Value($"Argument '{spec.Name}' must be a string, got {Describe(raw.Json.ValueKind)}");
        }

        if (s.Length > spec.MaxLength)
        {
            throw ToolExecutionException.Value($"Argument '{spec.Name}' is too long ({s.Length} characters; the limit is {spec.MaxLength})");
        }

        return new ToolString(s);
    }

    private static ToolValue ConvertNumber(ToolArgument spec, Raw raw, bool integerOnly)
    {
        var text = raw.Text ?? raw.Json.ValueKind switch
        {
            JsonValueKind.Number => raw.Json.GetRawText(),
            JsonValueKind.String => raw.Json.GetString(),
            _ => null,
        };
        var what = integerOnly ? "an integer" : "a number";
        if (text is null)
        {
            throw ToolExecutionException.Value($"Argument '{spec.Name}' must be {what}, got {Describe(raw.Json.ValueKind)}");
        }

        text = text.Trim();
        ToolValue value;
        if (BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big) && text.Length <= 30)
        {
            value = new ToolInteger(big);
        }
        else if (text.Length <= 64 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            if (integerOnly)
            {
                if (d != Math.Floor(d))
                {
                    throw ToolExecutionException.Value($"Argument '{spec.Name}' must be an integer, got {Clip(text)}");
                }

                value = new ToolInteger(new BigInteger(d));
            }
            else
            {
                value = new ToolFloat(d);
            }
        }
        else
        {
            throw ToolExecutionException.Value($"Argument '{spec.Name}' must be {what}, got '{Clip(text)}'");
        }

        CheckRange(spec, value is ToolFloat f ? f.Value : (double)((ToolInteger)value).Value, spec.Name);
        return value;
    }

    private static void CheckRange(ToolArgument spec, double v, string name)
    {
        var low = spec.Minimum is { } min && (spec.ExclusiveMinimum ? v <= min : v < min);
        var high = spec.Maximum is { } max && (spec.ExclusiveMaximum ? v >= max : v > max);
        if (!low && !high)
        {
            return;
        }

        if (spec.RangeMessage is not null)
        {
            throw ToolExecutionException.Value(spec.RangeMessage);
        }

        var parts = new List<string>(2);
        if (spec.Minimum is { } lo)
        {
            parts.Add((spec.ExclusiveMinimum ? "greater than " : "at least ") + PythonFloat.Repr(lo).Replace(".0", string.Empty, StringComparison.Ordinal));
        }

        if (spec.Maximum is { } hi)
        {
            parts.Add((spec.ExclusiveMaximum ? "less than " : "at most ") + PythonFloat.Repr(hi).Replace(".0", string.Empty, StringComparison.Ordinal));
        }

        throw ToolExecutionException.Value($"Argument '{name}' must be {string.Join(" and ", parts)}");
    }

    private static ToolList ConvertBBox(Raw raw)
    {
        const string Shape = "Bounding box must be a list of 4 numbers [left, top, right, bottom]";
        var json = raw.Json;
        if (raw.Text is not null || json.ValueKind == JsonValueKind.String)
        {
            // "[0.1, 0.2, 0.5, 0.6]" or "0.1,0.2,0.5,0.6" written as text.
            var text = (raw.Text ?? json.GetString() ?? string.Empty).Trim();
            if (!text.StartsWith('['))
            {
                text = "[" + text + "]";
            }

            try
            {
                // Python's NaN/Infinity literals travel as strings, as the agent's parser carries them.
                using var doc = JsonDocument.Parse(NonFiniteLiteral().Replace(text, "\"$1\""));
                return ConvertBBox(new Raw(doc.RootElement.Clone(), null));
            }
            catch (JsonException)
            {
                throw ToolExecutionException.Value(Shape);
            }
        }

        if (json.ValueKind != JsonValueKind.Array || json.GetArrayLength() != 4)
        {
            throw ToolExecutionException.Value(Shape);
        }

        var v = new double[4];
        var k = 0;
        foreach (var item in json.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && item.GetString() is "NaN" or "Infinity" or "-Infinity")
            {
                // json.loads reads these as floats; the reference then fails its 0–1 check.
                throw ToolExecutionException.Value(BBoxRangeMessage);
            }

            if (item.ValueKind != JsonValueKind.Number || !item.TryGetDouble(out v[k]))
            {
                throw ToolExecutionException.Value(Shape);
            }

            k++;
        }

        if (v.Any(x => !double.IsFinite(x) || x < 0 || x > 1))
        {
            throw ToolExecutionException.Value(BBoxRangeMessage);
        }

        if (v[0] >= v[2] || v[1] >= v[3])
        {
            throw ToolExecutionException.Value("Bounding box must have left < right and top < bottom");
        }

        return new ToolList(v.Select(x => (ToolValue)new ToolFloat(x)));
    }

    private static ToolImage ConvertImage(ToolArgument spec, Raw raw, ToolContext context)
    {
        var text = raw.Text ?? (raw.Json.ValueKind == JsonValueKind.String ? raw.Json.GetString() : null);
        if (!ImageRef.TryParse(text, out var image))
        {
            var got = text is null ? Describe(raw.Json.ValueKind) : "'" + Clip(text) + "'";
            throw ToolExecutionException.Value($"Argument '{spec.Name}' must name an image such as image-0, got {got}");
        }

        if (image.Index >= context.ImageCount)
        {
            var available = context.ImageCount switch
            {
                0 => "there are no images",
                1 => "the only image is image-0",
                var n => $"the images are image-0 to image-{n - 1}",
            };
            throw ToolExecutionException.Value($"{image.Name} does not exist; {available}");
        }

        return new ToolImage(image);
    }

    private static ToolList ConvertArray(ToolArgument spec, Raw raw, ToolContext context)
    {
        var json = raw.Json;
        if (raw.Text is not null)
        {
            try
            {
                using var doc = JsonDocument.Parse(raw.Text);
                json = doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                // A person's comma list: "cat,dog".
                using var doc = JsonDocument.Parse(JsonSerializer.Serialize(raw.Text.Split(',', StringSplitOptions.TrimEntries)));
                json = doc.RootElement.Clone();
            }
        }

        if (json.ValueKind != JsonValueKind.Array)
        {
            throw ToolExecutionException.Value($"Argument '{spec.Name}' must be a list, got {Describe(json.ValueKind)}");
        }

        var count = json.GetArrayLength();
        if ((spec.MinItems is { } min && count < min) || (spec.MaxItems is { } max && count > max))
        {
            throw ToolExecutionException.Value($"Argument '{spec.Name}' must have {DescribeCount(spec)} items, got {count}");
        }

        var itemType = spec.ItemType ?? ToolArgumentType.String;
        return new ToolList(json.EnumerateArray().Select(item => Convert(spec, itemType, new Raw(item, null), context)).ToList());
    }

    private static string DescribeCount(ToolArgument spec) => (spec.MinItems, spec.MaxItems) switch
    {
        ({ } a, { } b) when a == b => a.ToString(CultureInfo.InvariantCulture),
        ({ } a, { } b) => $"{a} to {b}",
        ({ } a, null) => $"at least {a}",
        (null, { } b) => $"at most {b}",
        _ => "any number of",
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";

    [GeneratedRegex(@"(?<![\w""])(-?Infinity|NaN)(?![\w""])")]
    private static partial Regex NonFiniteLiteral();

    private readonly record struct Raw(JsonElement Json, string? Text);
}
