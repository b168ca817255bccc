using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Taco.Agent.Evaluation;

/// <summary>One evaluation question's expectations: gold answer(s), category, answer type.</summary>
public sealed record EvalItem
{
    public const string Uncategorized = "uncategorized";

    public required string Id { get; init; }

    public string Category { get; init; } = Uncategorized;

    /// <summary>The gold answers (one, or several human answers for VQA scoring).</summary>
    public required ImmutableArray<string> Gold { get; init; }

    /// <summary>The declared type; null lets <see cref="AnswerScorer.TypeOf"/> infer it.</summary>
    public AnswerType? AnswerType { get; init; }

    /// <summary>Multiple-choice options in letter order (A, B, …), when the item has them.</summary>
    public ImmutableArray<string> Choices { get; init; } = [];

    /// <summary>Absolute tolerance for numeric answers; null uses the scorer's relative tolerance.</summary>
    public double? Tolerance { get; init; }

    /// <summary>
    /// Reads the fields of an item line: <c>answer</c> (or <c>answers</c>: a string, number or list),
    /// <c>category</c>, <c>answer_type</c> (exact, numeric, choice, vqa), <c>choices</c>, <c>tolerance</c>.
    /// Throws <see cref="FormatException"/> naming the field at fault.
    /// </summary>
    public static EvalItem FromJson(string id, JsonObject fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var goldNode = fields["answer"] ?? fields["answers"] ?? throw new FormatException("has no gold \"answer\"");
        if ((goldNode is JsonArray golds ? golds.AsEnumerable() : new[] { goldNode }).FirstOrDefault(g => g is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False) is { } flag)
        {
            throw new FormatException($"has a true/false gold \"answer\" ({flag.ToJsonString()}); write the answer as text, e.g. \"yes\"");
        }

        var gold = goldNode is JsonArray list ? list.Select(e => Text(e, "answer")).ToImmutableArray() : [Text(goldNode, "answer")];
        if (gold.IsEmpty || gold.All(g => g.Length == 0))
        {
            throw new FormatException("has an empty gold \"answer\"");
        }

        AnswerType? type = null;
        if (fields["answer_type"] is { } typeNode && Text(typeNode, "answer_type") is { Length: > 0 } typeName)
        {
            type = Enum.TryParse<AnswerType>(typeName, ignoreCase: true, out var parsed) && !int.TryParse(typeName, out _)
                ? parsed
                : throw new FormatException($"has \"answer_type\": \"{typeName}\"; it must be exact, numeric, choice or vqa");
        }

        var choices = fields["choices"] switch
        {
            null => [],
            JsonArray array => array.Select(e => Text(e, "choices")).ToImmutableArray(),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Split('|', StringSplitOptions.TrimEntries).ToImmutableArray(),
            _ => throw new FormatException("has \"choices\" that is not a list of strings"),
        };
        double? tolerance = fields["tolerance"] is { } t
            ? double.TryParse(Text(t, "tolerance"), NumberStyles.Float, CultureInfo.InvariantCulture, out var tol) && tol >= 0 ? tol : throw new FormatException("has a \"tolerance\" that is not a number of 0 or more")
            : null;
        var category = fields["category"] is { } c ? Text(c, "category") : string.Empty;
        var item = new EvalItem
        {
            Id = id,
            Category = category.Length > 0 ? category : Uncategorized,
            Gold = gold,
            AnswerType = type,
            Choices = choices,
            Tolerance = tolerance,
        };
        CheckScorable(item);
        return item;
    }

    /// <summary>Refuses a gold answer no prediction could ever match under the item's (declared or inferred) type.</summary>
    private static void CheckScorable(EvalItem item)
    {
        switch (AnswerScorer.TypeOf(item))
        {
            case Evaluation.AnswerType.Numeric:
                if (item.Gold.FirstOrDefault(g => AnswerNormalizer.FirstNumber(g) is not { } n || !double.IsFinite(n)) is { } notNumber)
                {
                    throw new FormatException($"is numeric but its gold \"answer\" \"{notNumber}\" is not a finite number");
                }

                break;
            case Evaluation.AnswerType.Choice:
                if (item.Choices.IsEmpty)
                {
                    throw new FormatException("is multiple choice but has no \"choices\"");
                }

                if (item.Gold.FirstOrDefault(g => AnswerScorer.ChoiceLetter(g, item.Choices) is null) is { } noChoice)
                {
                    throw new FormatException(FormattableString.Invariant(
                        $"has the gold \"answer\" \"{noChoice}\", which is none of its {item.Choices.Length} choices (a letter A to {(char)('A' + item.Choices.Length - 1)}, or a choice's text)"));
                }

                break;
        }
    }

    private static string Text(JsonNode? node, string field) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => throw new FormatException($"has a \"{field}\" that is not a string or number"),
    };
}
