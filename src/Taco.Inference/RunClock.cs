using System.Diagnostics;

namespace Taco.Inference;

/// <summary>Time spent inside ONNX Runtime's Run, per conversation, so the share of a step spent outside it can be reported.</summary>
internal sealed class RunClock
{
    public long Ticks { get; private set; }

    /// <summary>Thread CPU nanoseconds inside Run (see <see cref="ThreadCpuClock"/>).</summary>
    public long CpuNanoseconds { get; private set; }

    /// <summary>Whether to read the thread CPU clock (a system call, ~1 µs) around each Run; benchmarks turn it on.</summary>
    internal static bool MeasureCpu { get; set; }

    /// <summary>Test seam: called before each ONNX Runtime call the clock times, so a test can cancel between two of them.</summary>
    internal Action? BeforeRun { get; set; }

    public void Time(Action run)
    {
        BeforeRun?.Invoke();
        var start = Stopwatch.GetTimestamp();
        var measureCpu = MeasureCpu;
        var cpu = measureCpu ? ThreadCpuClock.Nanoseconds() : 0;
        try
        {
            run();
        }
        finally
        {
            Ticks += Stopwatch.GetTimestamp() - start;
            if (measureCpu)
            {
                CpuNanoseconds += ThreadCpuClock.Nanoseconds() - cpu;
            }
        }
    }
}
