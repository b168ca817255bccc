using System.Runtime.InteropServices;

namespace Taco.Onnx;

/// <summary>
/// Turns ONNX Runtime's telemetry off before the environment exists. On Linux its telemetry starts inside
/// environment creation, leaves <c>/tmp/mat-debug-PID.log</c> behind, and reads the process's whole command
/// line (<c>/proc/self/cmdline</c>) with code whose stack use grows with its length: a command line of about
/// 30 KB overflowed the 8 MB main-thread stack and killed taco (exit 134) before any of its own code ran.
/// ONNX Runtime reads <c>ORT_DISABLE_TELEMETRY</c> with the C library's <c>getenv</c>, which does not see
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> on Unix, so the variable is set there.
/// </summary>
internal static partial class OrtTelemetry
{
    public const string Variable = "ORT_DISABLE_TELEMETRY";

    public static void DisableBeforeStart()
    {
        Environment.SetEnvironmentVariable(Variable, "1");
        if (!OperatingSystem.IsWindows() && SetEnv(Variable, "1", 1) != 0)
        {
            throw new InvalidOperationException($"Could not set {Variable} for ONNX Runtime (errno {Marshal.GetLastPInvokeError()}).");
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
