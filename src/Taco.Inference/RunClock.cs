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
        var started = Start();
        try
        {
            run();
        }
        finally
        {
            Stop(started);
        }
    }

    /// <summary>
    /// Starts timing one Run (the closure-free form of <see cref="Time"/> for the decode step); pass the result
    /// to <see cref="Stop"/> in a <c>finally</c> once the Run returns or throws.
    /// </summary>
    public Started Start()
    {
        BeforeRun?.Invoke();
        var cpuClock = CpuClock;
        return new Started(Stopwatch.GetTimestamp(), cpuClock, cpuClock?.Invoke() ?? 0);
    }

    public void Stop(in Started started)
    {
        Ticks += Stopwatch.GetTimestamp() - started.Ticks;
        if (started.CpuClock is not null)
        {
            CpuNanoseconds += started.CpuClock() - started.CpuNanoseconds;
        }
    }

    internal readonly record struct Started(long Ticks, Func<long>? CpuClock, long CpuNanoseconds);
}
