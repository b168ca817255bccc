using System.Collections.Immutable;

namespace Taco.Agent.Evaluation;

/// <summary>The scores of an evaluation: overall, per category, per tool and per item.</summary>
public sealed record EvalReport
{
    public required ImmutableArray<ItemScore> Items { get; init; }

    public required ImmutableArray<CategoryScore> Categories { get; init; }

    public required ImmutableArray<ToolUsage> Tools { get; init; }

    public int Count => Items.Length;

    /// <summary>Mean score over all items (failed and missing items score 0); 0 for an empty set.</summary>
    public double Accuracy => Items.IsEmpty ? 0 : Items.Average(i => i.Score);

    public int Correct => Items.Count(i => i.Correct);

    public int Failed => Items.Count(i => i.Status is PredictionStatus.Failed or PredictionStatus.Missing);

    public int NoAnswer => Items.Count(i => i.Status == PredictionStatus.NoAnswer);

    public double ElapsedMilliseconds => Items.Sum(i => i.ElapsedMilliseconds);

    /// <summary>Scores every item with its batch result (matched by id); items without one are <see cref="PredictionStatus.Missing"/>.</summary>
    public static EvalReport Build(IReadOnlyList<EvalItem> items, IEnumerable<BatchResult> predictions, AnswerScorer? scorer = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(predictions);
        scorer ??= new AnswerScorer();
        var byId = new Dictionary<string, BatchResult>(StringComparer.Ordinal);
        foreach (var p in predictions)
        {
            byId[p.Id] = p;
        }

        var scored = items.Select(item =>
        {
            var prediction = byId.GetValueOrDefault(item.Id);
            var status = ItemScore.StatusOf(prediction);
            var score = status is PredictionStatus.Failed or PredictionStatus.Missing ? 0 : scorer.Score(item, prediction!.Answer);
            return new ItemScore(item, prediction, AnswerScorer.TypeOf(item), score);
        }).ToImmutableArray();

        var categories = scored
            .GroupBy(s => s.Item.Category, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CategoryScore(g.Key, g.Count(), g.Count(s => s.Correct), g.Average(s => s.Score)))
            .ToImmutableArray();

        var correctTotal = scored.Count(s => s.Correct);
        var tools = scored
            .SelectMany(s => s.Tools.Select(t => (Name: t.Key, t.Value, s.Correct)))
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var correctUsing = g.Count(t => t.Correct && t.Value.Calls > 0);
                return new ToolUsage(
                    g.Key,
                    g.Sum(t => t.Value.Calls),
                    g.Sum(t => t.Value.Failures),
                    g.Count(t => t.Value.Calls > 0),
                    correctUsing,
                    correctTotal == 0 ? 0 : (double)correctUsing / correctTotal);
            })
            .ToImmutableArray();

        return new EvalReport { Items = scored, Categories = categories, Tools = tools };
    }
}

/// <summary>One item's score; <see cref="Correct"/> means full marks. <see cref="Prediction"/> is null when the item has no result.</summary>
public sealed record ItemScore(EvalItem Item, BatchResult? Prediction, AnswerType AnswerType, double Score)
{
    public bool Correct => Score >= 1 - 1e-9;

    public PredictionStatus Status => StatusOf(Prediction);

    public string? Answer => Prediction?.Answer;

    public string? ExitReason => Prediction?.ExitReason;

    public string? Error => Prediction?.Error;

    public ImmutableSortedDictionary<string, ToolCalls> Tools => Prediction?.Tools ?? ImmutableSortedDictionary<string, ToolCalls>.Empty;

    public double ElapsedMilliseconds => Prediction?.ElapsedMilliseconds ?? 0;

    /// <summary>No result is missing; any status but answered or no_answer counts as failed.</summary>
    internal static PredictionStatus StatusOf(BatchResult? result) => result is null ? PredictionStatus.Missing : result.Status switch
    {
        BatchResult.Answered => PredictionStatus.Answered,
        BatchResult.NoAnswer => PredictionStatus.NoAnswer,
        _ => PredictionStatus.Failed,
    };
}

public sealed record CategoryScore(string Name, int Items, int Correct, double Accuracy);

/// <summary>A tool over the whole set: calls, failed calls, items that called it, and the share of correct answers that did.</summary>
public sealed record ToolUsage(string Name, int Calls, int Failures, int Items, int CorrectItems, double ShareOfCorrect);
