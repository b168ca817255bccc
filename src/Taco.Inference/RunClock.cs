using System.Diagnostics;

namespace Taco.Inference;

/// <summary>Time spent inside ONNX Runtime's Run, per conversation, so the share of a step spent outside it can be reported.</summary>
internal sealed class RunClock
{
    public long Ticks { get; private set; }

    /// <summary>Thread CPU nanoseconds inside Run (see <see cref="ThreadCpuClock"/>).</summary>
    public long CpuNanoseconds { get; private set; }

    public void Time(Action run)
    {
        var start = Stopwatch.GetTimestamp();
        var cpu = ThreadCpuClock.Nanoseconds();
        try
        {
            run();
        }
        finally
        {
            Ticks += Stopwatch.GetTimestamp() - start;
            CpuNanoseconds += ThreadCpuClock.Nanoseconds() - cpu;
        }
    }
}
