using System.Globalization;
using Taco.Agent.Evaluation;

namespace Taco.Cli.Infrastructure;

/// <summary>The part of <c>batch</c> and <c>eval</c> that answers items into a <see cref="ResultLog"/>.</summary>
internal static class BatchExecution
{
    public static async Task<BatchTotals> RunAsync(
        CliContext context,
        AgentRunSettings settings,
        IReadOnlyList<BatchItem> items,
        ResultLog log,
        int concurrency,
        CancellationToken cancellationToken)
    {
        var wanted = items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var done = log.Existing.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var todo = items.Where(i => !done.Contains(i.Id)).ToList();
        var earlier = log.Existing.Where(r => wanted.Contains(r.Id)).ToList();
        if (log.Existing.Count > 0)
        {
            context.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"taco: resuming {log.Path}: {earlier.Count} item(s) already done, {todo.Count} to go."));
        }

        var summary = new BatchSummary(0, 0, 0, Cancelled: false);
        if (todo.Count > 0)
        {
            using var runner = QuestionRunner.Create(context, settings);
            log.Start(); // only now: a model that fails to load leaves no output behind
            var progress = new BatchProgress(context.Error, BatchProgress.IsTerminal(context.Error));
            summary = await new BatchRunner(runner, log, settings.TraceDirectory)
                .RunAsync(todo, Math.Min(concurrency, todo.Count), progress, cancellationToken)
                .ConfigureAwait(false);
        }

        var totals = new BatchTotals(
            summary,
            Answered: summary.Answered + earlier.Count(r => r.Status == BatchResult.Answered),
            NoAnswer: summary.NoAnswer + earlier.Count(r => r.Status == BatchResult.NoAnswer),
            Failed: summary.Failed + earlier.Count(r => r.Status == BatchResult.Failed),
            Total: items.Count);
        context.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"taco: {totals.Answered} answered, {totals.NoAnswer} without an answer, {totals.Failed} failed, {totals.Total - totals.Answered - totals.NoAnswer - totals.Failed} not done, of {totals.Total} item(s) in {log.Path}"));
        if (summary.Cancelled)
        {
            context.Error.WriteLine("taco: cancelled; finished items are saved; run again with --resume to do the rest.");
        }

        return totals;
    }
}

/// <summary>Counts over the whole output (earlier runs included), and the exit code they mean.</summary>
internal sealed record BatchTotals(BatchSummary ThisRun, int Answered, int NoAnswer, int Failed, int Total)
{
    public int ExitCode => ThisRun.Cancelled ? ExitCodes.Cancelled : Failed > 0 ? ExitCodes.ItemsFailed : ExitCodes.Success;
}
