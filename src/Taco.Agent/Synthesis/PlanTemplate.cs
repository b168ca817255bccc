using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Taco.Tools.Ocr;
using Taco.Tools.Values;

namespace Taco.Agent.Synthesis;

/// <summary>
/// Resolves a plan's placeholders (<c>{obs[k].field}</c>, <c>{round:N:obs[k].field}</c>,
/// <c>{box:LABEL}</c>, <c>{box[k]:LABEL}</c>, <c>{closer:A=k1,B=k2}</c>, <c>{{</c>, <c>}}</c>) against
/// the results the model was shown at earlier steps (docs/synth.md, "Templates"). A template the
/// observations cannot fill throws <see cref="TraceDroppedException"/> with the reason.
/// </summary>
public static partial class PlanTemplate
{
    /// <summary>A thought: every placeholder becomes text.</summary>
    public static string ResolveText(string template, IReadOnlyList<PlanObservation> earlier)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(earlier);
        var sb = new StringBuilder(template.Length);
        foreach (var part in Split(template))
        {
            sb.Append(part.Literal ?? AsText(Evaluate(part.Expression!, earlier)));
        }

        return sb.ToString();
    }

    /// <summary>Arguments: every string resolved; a string that is exactly one placeholder whose value is a number or a list becomes that JSON value.</summary>
    public static JsonObject ResolveArguments(JsonObject arguments, IReadOnlyList<PlanObservation> earlier)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(earlier);
        var resolved = new JsonObject();
        foreach (var (key, value) in arguments)
        {
            resolved[key] = Resolve(value, earlier);
        }

        return resolved;
    }

    private static JsonNode? Resolve(JsonNode? node, IReadOnlyList<PlanObservation> earlier)
    {
        switch (node)
        {
            case JsonObject obj:
                return ResolveArguments(obj, earlier);
            case JsonArray array:
                return new JsonArray([.. array.Select(item => Resolve(item, earlier))]);
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                var parts = Split(value.GetValue<string>());
                if (parts is [{ Expression: { } only }] && Evaluate(only, earlier) is var single and (ToolFloat or ToolInteger or ToolList))
                {
                    return ToJson(single);
                }

                return JsonValue.Create(ResolveText(value.GetValue<string>(), earlier));
            default:
                return node?.DeepClone();
        }
    }

    private static string AsText(ToolValue value) => value switch
    {
        ToolString s => s.Value,
        ToolFloat f => PythonFloat.Repr(f.Value),
        _ => value.ToPythonRepr(),
    };

    private static JsonNode? ToJson(ToolValue value) => value switch
    {
        ToolFloat f => JsonValue.Create(f.Value),
        ToolInteger i => JsonNode.Parse(i.ToPythonRepr()),
        ToolString s => JsonValue.Create(s.Value),
        ToolBool b => JsonValue.Create(b.Value),
        ToolList l => new JsonArray([.. l.Items.Select(ToJson)]),
        ToolDict d => new JsonObject(d.Entries.Select(e => KeyValuePair.Create(e.Key, ToJson(e.Value)))),
        _ => null,
    };

    private sealed record Part(string? Literal, string? Expression);

    private static List<Part> Split(string template)
    {
        var parts = new List<Part>();
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if ((c == '{' || c == '}') && i + 1 < template.Length && template[i + 1] == c)
            {
                literal.Append(c);
                i++;
            }
            else if (c == '{')
            {
                var close = template.IndexOf('}', i + 1);
                if (close < 0)
                {
                    throw BadPlan($"the template \"{template}\" has a {{ that is never closed (write {{{{ for a literal brace)");
                }

                if (literal.Length > 0)
                {
                    parts.Add(new Part(literal.ToString(), null));
                    literal.Clear();
                }

                parts.Add(new Part(null, template[(i + 1)..close]));
                i = close;
            }
            else if (c == '}')
            {
                throw BadPlan($"the template \"{template}\" has a }} that opens nothing (write }}}} for a literal brace)");
            }
            else
            {
                literal.Append(c);
            }
        }

        if (literal.Length > 0 || parts.Count == 0)
        {
            parts.Add(new Part(literal.ToString(), null));
        }

        return parts;
    }

    private static ToolValue Evaluate(string expression, IReadOnlyList<PlanObservation> earlier)
    {
        if (ObsPattern().Match(expression) is { Success: true } obs)
        {
            return Field(obs, earlier, expression);
        }

        if (RoundPattern().Match(expression) is { Success: true } round)
        {
            var digits = int.Parse(round.Groups["n"].Value, CultureInfo.InvariantCulture);
            var value = Field(ObsPattern().Match(round.Groups["obs"].Value), earlier, expression);
            var number = value switch
            {
                ToolFloat f => f.Value,
                ToolInteger i => (double)i.Value,
                ToolString s when double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => throw BadPlan($"{{{expression}}} rounds {value.ToPythonRepr()}, which is not a number"),
            };
            return ToolValue.Of(number.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
        }

        if (BoxPattern().Match(expression) is { Success: true } box)
        {
            return Box(box.Groups["k"].Success ? Index(box.Groups["k"].Value, earlier, expression) : null, box.Groups["label"].Value, earlier, expression);
        }

        if (expression.StartsWith("closer:", StringComparison.Ordinal))
        {
            return Closer(expression, earlier);
        }

        throw BadPlan($"unknown placeholder {{{expression}}} (see docs/synth.md, Templates)");
    }

    private static ToolValue Field(Match obs, IReadOnlyList<PlanObservation> earlier, string expression)
    {
        if (!obs.Success)
        {
            throw BadPlan($"{{{expression}}} does not name a result as obs[k].field");
        }

        var k = Index(obs.Groups["k"].Value, earlier, expression);
        ToolValue value = earlier[k].Visible ?? throw BadPlan($"{{{expression}}}: step {k} has no result");
        foreach (Capture step in obs.Groups["path"].Captures)
        {
            var text = step.Value;
            value = (value, text[0]) switch
            {
                (ToolDict dict, '.') when dict.TryGetValue(text[1..], out var found) => found,
                (ToolList list, '[') when int.TryParse(text[1..^1], CultureInfo.InvariantCulture, out var i) && i < list.Items.Length => list.Items[i],
                (ToolDict dict, _) => throw BadPlan($"{{{expression}}}: step {k}'s result as the model sees it has no {text} (it has {string.Join(", ", dict.Entries.Keys)})"),
                _ => throw BadPlan($"{{{expression}}}: step {k}'s result as the model sees it has no {text}"),
            };
        }

        return value;
    }

    private static ToolList Box(int? step, string label, IReadOnlyList<PlanObservation> earlier, string expression)
    {
        var k = step ?? LatestOcr(earlier) ?? throw BadPlan($"{{{expression}}}: no earlier step is an {OcrTool.Name}");
        if (earlier[k].Action != OcrTool.Name)
        {
            throw BadPlan($"{{{expression}}}: step {k} is not an {OcrTool.Name}");
        }

        var region = FindRegion(earlier[k].Visible, label, expression)
            ?? throw new TraceDroppedException(DropReasons.RegionNotFound, $"{{{expression}}}: {OcrTool.Name} at step {k} found no region reading \"{label.Trim()}\"");
        return region.TryGetValue("bbox", out var bbox) && bbox is ToolList list
            ? list
            : throw BadPlan($"{{{expression}}}: the regions the model sees have no bbox");
    }

    /// <summary>The first region (in reading order) whose text is <paramref name="label"/>, trimmed and case-blind; a profile that hides regions is the plan's fault.</summary>
    public static ToolDict? FindRegion(ToolDict? visible, string label, string what)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (visible is null || !visible.TryGetValue("regions", out var regions) || regions is not ToolList list)
        {
            throw BadPlan($"{what}: the model is not shown OCR regions under this profile (use --profile taco-tiny)");
        }

        return list.Items.OfType<ToolDict>().FirstOrDefault(r =>
            r.TryGetValue("text", out var text) && text is ToolString s
            && string.Equals(s.Value.Trim(), label.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private static ToolString Closer(string expression, IReadOnlyList<PlanObservation> earlier)
    {
        var candidates = new List<(string Label, double Depth, int Step)>();
        foreach (var pair in expression["closer:".Length..].Split(','))
        {
            var eq = pair.LastIndexOf('=');
            if (eq <= 0)
            {
                throw BadPlan($"{{{expression}}} must list LABEL=k pairs, e.g. {{closer:A=1,B=2}}");
            }

            var k = Index(pair[(eq + 1)..].Trim(), earlier, expression);
            var depth = earlier[k].Visible is { } result && result.TryGetValue("depth", out var d)
                ? d switch
                {
                    ToolFloat f => f.Value,
                    ToolInteger i => (double)i.Value,
                    _ => throw BadPlan($"{{{expression}}}: step {k}'s depth is not a number"),
                }
                : throw BadPlan($"{{{expression}}}: step {k} has no depth");
            candidates.Add((pair[..eq].Trim(), depth, k));
        }

        if (candidates.Count < 2)
        {
            throw BadPlan($"{{{expression}}} must compare at least two labels");
        }

        var nearest = candidates.Min(c => c.Depth);
        var closest = candidates.Where(c => c.Depth == nearest).ToList();
        if (closest.Count > 1)
        {
            throw new TraceDroppedException(DropReasons.DepthTie, $"{{{expression}}}: {string.Join(" and ", closest.Select(c => c.Label))} have the same depth {PythonFloat.Repr(nearest)}");
        }

        return ToolValue.Of(closest[0].Label);
    }

    private static int? LatestOcr(IReadOnlyList<PlanObservation> earlier)
    {
        for (var k = earlier.Count - 1; k >= 0; k--)
        {
            if (earlier[k].Action == OcrTool.Name)
            {
                return k;
            }
        }

        return null;
    }

    private static int Index(string text, IReadOnlyList<PlanObservation> earlier, string expression) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k < earlier.Count
            ? k
            : throw BadPlan($"{{{expression}}} refers to step {text}, which is not an earlier step");

    private static TraceDroppedException BadPlan(string message) => new(DropReasons.BadPlan, message);

    [GeneratedRegex(@"^obs\[(?<k>\d+)\](?<path>\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\])*$")]
    private static partial Regex ObsPattern();

    [GeneratedRegex(@"^round:(?<n>\d{1,2}):(?<obs>.+)$")]
    private static partial Regex RoundPattern();

    [GeneratedRegex(@"^box(?:\[(?<k>\d+)\])?:(?<label>.+)$", RegexOptions.Singleline)]
    private static partial Regex BoxPattern();
}
