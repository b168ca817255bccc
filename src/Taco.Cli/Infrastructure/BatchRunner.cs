using System.Collections.Immutable;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Taco.Agent.Evaluation;
using Taco.Agent.Runs;
using Taco.Imaging;

namespace Taco.Cli.Infrastructure;

/// <summary>
/// Runs batch items on one shared <see cref="QuestionRunner"/>, several at a time, writing each
/// result the moment it is finished. An item's failure (unreadable image, model error, a bug) is
/// recorded in its line and counted; it never stops the others. Ctrl-C stops the run: items still
/// running are not written, so <c>--resume</c> runs them again.
/// </summary>
internal sealed class BatchRunner(QuestionRunner runner, ResultLog log, string? traceRoot)
{
    public async Task<BatchSummary> RunAsync(IReadOnlyList<BatchItem> items, int concurrency, BatchProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(progress);
        var answered = 0;
        var noAnswer = 0;
        var failed = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken };
        try
        {
            await progress.RunAsync(items.Count, async report =>
            {
                await Parallel.ForEachAsync(items, options, async (item, token) =>
                {
                    var result = await RunItemAsync(item, token).ConfigureAwait(false);
                    if (result is null)
                    {
                        return; // cancelled: not written, so a resumed run does it again
                    }

                    log.Append(result);
                    _ = result.Status switch
                    {
                        BatchResult.Answered => Interlocked.Increment(ref answered),
                        BatchResult.NoAnswer => Interlocked.Increment(ref noAnswer),
                        _ => Interlocked.Increment(ref failed),
                    };
                    report(result);
                }).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new BatchSummary(answered, noAnswer, failed, Cancelled: true);
        }

        return new BatchSummary(answered, noAnswer, failed, Cancelled: cancellationToken.IsCancellationRequested);
    }

    /// <summary>Where an item's trace goes: its id made safe as a folder name (with a hash when that changed it).</summary>
    public static string TraceFolderName(string id)
    {
        var safe = new StringBuilder(id.Length);
        foreach (var c in id)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        var name = safe.ToString().Trim('.');
        if (name == id && name.Length is > 0 and <= 100)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..8];
        return (name.Length > 80 ? name[..80] : name) + "-" + hash;
    }

    private async Task<BatchResult?> RunItemAsync(BatchItem item, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var result = new BatchResult { Id = item.Id, Status = BatchResult.Failed, Question = item.Question, Images = [.. item.Images] };
        string? traceDir = traceRoot is null ? null : Path.Combine(traceRoot, TraceFolderName(item.Id));
        try
        {
            var images = item.Images.Select(CliImages.Load).ToList();
            var outcome = await runner.AskAsync(images, item.Question, null, traceDir, cancellationToken).ConfigureAwait(false);
            if (outcome.ExitReason == AgentExitReason.Cancelled)
            {
                return null;
            }

            var tools = outcome.Steps
                .Where(s => s.ActionName is { } name && name != Agent.Protocol.TacoStrings.TerminateName && s.Kind is AgentStepKind.Action)
                .GroupBy(s => s.ActionName!, StringComparer.Ordinal)
                .ToImmutableSortedDictionary(g => g.Key, g => new ToolCalls(g.Count(), g.Count(s => s.ToolErrorType is not null)), StringComparer.Ordinal);
            return result with
            {
                Status = outcome.ExitReason switch
                {
                    AgentExitReason.Answered => BatchResult.Answered,
                    AgentExitReason.ModelError => BatchResult.Failed,
                    _ => BatchResult.NoAnswer,
                },
                Answer = outcome.Answer,
                ExitReason = outcome.ExitReason.SnakeName(),
                AnswerFromFallback = outcome.AnswerFromFallback,
                Error = outcome.Error,
                Steps = outcome.Steps.Length,
                Tools = tools,
                PrefilledTokens = outcome.Steps.Sum(s => s.PrefilledTokens ?? 0),
                GeneratedTokens = outcome.Steps.Sum(s => s.GeneratedTokens ?? 0),
                ElapsedMilliseconds = clock.Elapsed.TotalMilliseconds,
                TraceDirectory = traceDir,
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (e is CliException or ImageDecodeException or IOException or UnauthorizedAccessException)
        {
            return result with { Error = e.Message.ReplaceLineEndings(" "), ElapsedMilliseconds = clock.Elapsed.TotalMilliseconds };
        }
#pragma warning disable CA1031 // one item's bug is recorded in its line; the batch goes on
        catch (Exception e)
#pragma warning restore CA1031
        {
            return result with { Error = $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}", ElapsedMilliseconds = clock.Elapsed.TotalMilliseconds };
        }
    }
}

/// <summary>What a batch run did (items skipped by resume not included).</summary>
internal sealed record BatchSummary(int Answered, int NoAnswer, int Failed, bool Cancelled)
{
    public int Done => Answered + NoAnswer + Failed;
}
