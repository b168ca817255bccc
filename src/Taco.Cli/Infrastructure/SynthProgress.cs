using System.Diagnostics;
using System.Globalization;

namespace Taco.Cli.Infrastructure;

/// <summary>
/// <c>taco synth</c>'s progress on standard error: one line rewritten in place at a terminal, one
/// plain line every <see cref="Every"/> items (about 5% of the run, at most 100 items apart) for logs.
/// </summary>
internal sealed class SynthProgress(TextWriter error, bool interactive, int total, SynthReport report, Stopwatch clock)
{
    private readonly Lock _gate = new();
    private int _done;

    public int Every { get; } = Math.Clamp((total + 19) / 20, 1, 100);

    public void Done()
    {
        lock (_gate)
        {
            _done++;
            if (interactive)
            {
                error.Write("\r" + Describe() + "   ");
            }
            else if (_done % Every == 0 && _done < total)
            {
                error.WriteLine("taco: " + Describe());
            }

            error.Flush();
        }
    }

    public void Finish()
    {
        if (interactive && _done > 0)
        {
            error.WriteLine();
        }
    }

    private string Describe()
    {
        var seconds = clock.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? _done / seconds : 0;
        var eta = rate > 0 ? (total - _done) / rate : 0;
        return string.Create(CultureInfo.InvariantCulture, $"[{_done}/{total}] {report.Kept} kept, {report.Dropped} dropped; {rate:0.00} items/s, ETA {eta:0} s");
    }
}
