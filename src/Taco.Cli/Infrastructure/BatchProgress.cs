using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Taco.Agent.Evaluation;

namespace Taco.Cli.Infrastructure;

/// <summary>
/// Batch progress on standard error: a live bar with rate and ETA for a person at a terminal,
/// one plain line per finished item for logs and pipes.
/// </summary>
internal sealed class BatchProgress(TextWriter error, bool interactive)
{
    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = new();
    private int _done;
    private int _failed;

    /// <summary>Standard error is a terminal (and the writer is the real one).</summary>
    public static bool IsTerminal(TextWriter error) => ReferenceEquals(error, System.Console.Error) && !System.Console.IsErrorRedirected;

    public async Task RunAsync(int total, Func<Action<BatchResult>, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        _clock.Start();
        if (!interactive || total == 0)
        {
            await body(result => Plain(result, total)).ConfigureAwait(false);
            return;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(error),
            Ansi = CliContext.NoColor ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = CliContext.NoColor ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Describe(total), maxValue: Math.Max(total, 1));
                await body(result =>
                {
                    lock (_gate)
                    {
                        Count(result);
                        task.Increment(1);
                        task.Description = Markup.Escape(Describe(total));
                    }
                }).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    private void Plain(BatchResult result, int total)
    {
        lock (_gate)
        {
            Count(result);
            var detail = result.Status == BatchResult.Failed ? ": " + TerminalText.Safe(result.Error) : string.Empty;
            error.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"[{_done}/{total}] {TerminalText.Safe(result.Id)} {result.Status.Replace('_', ' ')}{detail} ({result.ElapsedMilliseconds / 1000:0.0} s); {Describe(total)}"));
            error.Flush();
        }
    }

    private void Count(BatchResult result)
    {
        _done++;
        if (result.Status == BatchResult.Failed)
        {
            _failed++;
        }
    }

    private string Describe(int total)
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? _done / seconds : 0;
        var eta = rate > 0 ? FormatDuration((total - _done) / rate) : "?";
        var failed = _failed > 0 ? string.Create(CultureInfo.InvariantCulture, $", {_failed} failed") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{_done}/{total} items, {rate:0.00} items/s, ETA {eta}{failed}");
    }

    private static string FormatDuration(double seconds) => seconds switch
    {
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(seconds / 60):0} min {seconds % 60:0} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(seconds / 3600):0} h {Math.Floor(seconds % 3600 / 60):0} min"),
    };
}
