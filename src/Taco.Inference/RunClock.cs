using System.Diagnostics;

namespace Taco.Inference;

/// <summary>Time spent inside ONNX Runtime's Run, per conversation, so the share of a step spent outside it can be reported.</summary>
internal sealed class RunClock
{
    public long Ticks { get; private set; }

    /// <summary>CPU nanoseconds inside Run by <see cref="CpuClock"/>; 0 without one.</summary>
    public long CpuNanoseconds { get; private set; }

    /// <summary>
    /// A clock of the calling thread's CPU time in nanoseconds, read around each Run when set (benchmarks set
    /// theirs to split a step into runtime and our own work); null, the default, reads none.
    /// </summary>
    internal static Func<long>? CpuClock { get; set; }

    /// <summary>Test seam: called before each ONNX Runtime call the clock times, so a test can cancel between two of them.</summary>
    internal Action? BeforeRun { get; set; }

    public void Time(Action run)
    {
        BeforeRun?.Invoke();
        var start = Stopwatch.GetTimestamp();
        var cpuClock = CpuClock;
        var cpu = cpuClock?.Invoke() ?? 0;
        try
        {
            run();
        }
        finally
        {
            Ticks += Stopwatch.GetTimestamp() - start;
            if (cpuClock is not null)
            {
                CpuNanoseconds += cpuClock() - cpu;
            }
        }
    }
}
