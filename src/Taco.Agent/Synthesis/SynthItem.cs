using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Taco.Agent.Evaluation;
using Taco.Agent.Protocol;

namespace Taco.Agent.Synthesis;

/// <summary>One line of <c>taco synth</c>'s input: an annotated question about images, its gold answer and the plan to answer it (docs/synth.md).</summary>
public sealed record SynthItem
{
    public required string Id { get; init; }

    public required string Question { get; init; }

    /// <summary>The image files, as full paths (the line names them relative to the items file).</summary>
    public required ImmutableArray<string> Images { get; init; }

    /// <summary>Gold answer, category and answer type, read as <c>taco eval</c> reads them.</summary>
    public required EvalItem Gold { get; init; }

    public required ImmutableArray<PlanStep> Plan { get; init; }

    /// <summary>The line's <c>answer</c> (or <c>answers</c>) as written.</summary>
    public JsonNode? GoldNode { get; init; }

    public string Category => Gold.Category;

    /// <summary>
    /// Reads an item line. Throws <see cref="FormatException"/> naming what is wrong (the caller counts
    /// the line as <see cref="DropReasons.BadPlan"/>); image files are checked to exist.
    /// </summary>
    public static SynthItem Parse(string line, string baseDirectory, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        JsonObject fields;
        try
        {
            fields = JsonNode.Parse(line) as JsonObject ?? throw new FormatException("is not a JSON object");
            return Parse(fields, baseDirectory, lineNumber);
        }
        catch (JsonException e)
        {
            throw new FormatException("is not valid JSON: " + e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0], e);
        }
        catch (InvalidOperationException e)
        {
            // A string that is not valid text (half a surrogate pair) or a value of the wrong kind.
            throw new FormatException("has a value that cannot be read: " + e.Message, e);
        }
    }

    private static SynthItem Parse(JsonObject fields, string baseDirectory, int lineNumber)
    {
        var id = fields["id"] switch
        {
            null => lineNumber.ToString(CultureInfo.InvariantCulture),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
            _ => throw new FormatException("has an \"id\" that is not a string or number"),
        };
        var question = Text(fields["question"]) is { Length: > 0 } q ? q : throw new FormatException("has no \"question\"");
        var images = fields["images"] switch
        {
            JsonArray list => list.Select(e => Text(e) ?? throw new FormatException("has \"images\" that is not a list of file names")).ToImmutableArray(),
            JsonValue v when Text(v) is { } one => [one],
            null => fields["image"] is { } single && Text(single) is { } name ? [name] : throw new FormatException("has no \"images\" (a list of file names)"),
            _ => throw new FormatException("has \"images\" that is not a list of file names"),
        };
        var paths = images.Select(i => Path.GetFullPath(Path.Combine(baseDirectory, i))).ToImmutableArray();
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                throw new FormatException($"names an image that does not exist: {path}");
            }
        }

        var gold = EvalItem.FromJson(id, fields);
        var plan = fields["plan"] as JsonArray ?? throw new FormatException("has no \"plan\" (a list of steps)");
        if (plan.Count == 0)
        {
            throw new FormatException("has an empty \"plan\"");
        }

        var steps = plan.Select((s, k) => Step(s, k)).ToImmutableArray();
        if (steps[^1].Action != TacoStrings.TerminateName)
        {
            throw new FormatException($"has a plan whose last step is not {TacoStrings.TerminateName}");
        }

        if (steps.SkipLast(1).Any(s => s.Action == TacoStrings.TerminateName))
        {
            throw new FormatException($"has a plan with {TacoStrings.TerminateName} before its last step");
        }

        return new SynthItem
        {
            Id = id,
            Question = question,
            Images = paths,
            Gold = gold,
            GoldNode = (fields["answer"] ?? fields["answers"])?.DeepClone(),
            Plan = steps,
        };
    }

    private static PlanStep Step(JsonNode? node, int index)
    {
        var where = string.Create(CultureInfo.InvariantCulture, $"has a plan step {index} ");
        if (node is not JsonObject step)
        {
            throw new FormatException(where + "that is not an object");
        }

        // A misspelt key would silently drop a check or an argument: every key must be known.
        if (step.Select(p => p.Key).FirstOrDefault(k => k is not ("thought" or "action" or "arguments" or "expect")) is { } unknown)
        {
            throw new FormatException($"{where}with an unknown key \"{unknown}\" (a step has thought, action, arguments, expect)");
        }

        var thought = step["thought"] switch
        {
            null => string.Empty,
            var t => Text(t) ?? throw new FormatException(where + "whose \"thought\" is not a string"),
        };
        var action = step["action"] switch
        {
            null => null,
            var a => Text(a) is { Length: > 0 } name ? name : throw new FormatException(where + "whose \"action\" is not a name"),
        };
        var arguments = step["arguments"] switch
        {
            null => [],
            JsonObject o => (JsonObject)o.DeepClone(),
            _ => throw new FormatException(where + "whose \"arguments\" is not an object"),
        };
        if (action is null && arguments.Count > 0)
        {
            throw new FormatException(where + "with arguments but no action");
        }

        var expect = step["expect"] switch
        {
            null => PlanExpect.None,
            JsonObject e when e.Select(p => p.Key).FirstOrDefault(k => k is not ("numbers" or "text" or "regions")) is { } unknownExpect =>
                throw new FormatException($"{where}with an unknown expect \"{unknownExpect}\" (expect has numbers, text, regions)"),
            JsonObject e => new PlanExpect(List(e, "numbers", where), List(e, "text", where), List(e, "regions", where)),
            _ => throw new FormatException(where + "whose \"expect\" is not an object"),
        };
        return new PlanStep(thought, action, arguments, expect);
    }

    private static ImmutableArray<string> List(JsonObject expect, string key, string where)
    {
        var bad = new FormatException($"{where}whose expect \"{key}\" is not a list of strings or numbers");
        return expect[key] switch
        {
            null => [],
            JsonArray list => list.Select(e => e is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.ToJsonString() : Text(e) ?? throw bad).ToImmutableArray(),
            _ => throw bad,
        };
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
