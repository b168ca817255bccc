using System.Runtime.InteropServices;

namespace Taco.Benchmarks.Inference;

/// <summary>
/// CPU time of the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), in nanoseconds; 0 elsewhere.
/// With one intra-op thread ONNX Runtime computes on the caller's thread, so this splits a step into
/// runtime and our own work without counting time the thread spent preempted on a busy machine.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static long Nanoseconds()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        return clock_gettime(ClockThreadCpuTimeId, out var ts) == 0 ? ts.Seconds * 1_000_000_000 + ts.Nanoseconds : 0;
    }

    [DllImport("libc", SetLastError = false)]
#pragma warning disable SYSLIB1054 // A blittable out struct needs no generated marshalling.
    private static extern int clock_gettime(int clockId, out TimeSpec time);
#pragma warning restore SYSLIB1054

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
