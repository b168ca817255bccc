using System.Runtime.InteropServices;

namespace Taco.Tools.Ocr.Tesseract.Interop;

/// <summary>
/// Tesseract's OpenMP loops ask for several threads each (the LSTM runs <c>num_threads(4)</c>). taco already
/// runs OCR calls side by side (<c>-j</c>, one per item), so on a small machine those threads spin against
/// each other: a 12 MP photo took 69 s wall with 76 s of system time on 2 cores, 9 s with one thread
/// (docs/benchmarks.md). So each Tesseract call gets one core: <c>OMP_THREAD_LIMIT=1</c> in the native
/// environment before libtesseract (and with it libgomp, which reads the variable once, as it loads) is
/// loaded. A value the user set is kept. .NET's own environment is a copy libgomp never sees, hence <c>setenv</c>.
/// </summary>
internal static partial class OpenMpThreads
{
    public const string Variable = "OMP_THREAD_LIMIT";

    public static void LimitBeforeLoad()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(Variable) is { Length: > 0 })
        {
            return;
        }

        _ = setenv(Variable, "1", overwrite: 0);
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}
