using System.Runtime.InteropServices;
using System.Text;

namespace Taco.Tools.Ocr.Tesseract.Interop;

/// <summary>Finds and loads <c>libtesseract</c> once; failure lists what was tried and the likely causes.</summary>
internal static class TesseractLibrary
{
    public const string PathVariable = "TACO_TESSERACT_LIBRARY";

    private static readonly Lazy<IntPtr> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static IntPtr Handle => Loaded.Value;

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } explicitPath)
        {
            yield return explicitPath;
        }

        if (OperatingSystem.IsLinux())
        {
            yield return "libtesseract.so.5";
            yield return "/usr/lib/x86_64-linux-gnu/libtesseract.so.5";
            yield return "/usr/lib/aarch64-linux-gnu/libtesseract.so.5";
            yield return "/usr/local/lib/libtesseract.so.5";
            yield return "libtesseract.so";
        }
        else if (OperatingSystem.IsMacOS())
        {
            yield return "libtesseract.5.dylib";
            yield return "/opt/homebrew/lib/libtesseract.5.dylib";
            yield return "/usr/local/lib/libtesseract.5.dylib";
        }
        else if (OperatingSystem.IsWindows())
        {
            yield return "libtesseract-5.dll";
            yield return "tesseract55.dll";
            yield return "tesseract53.dll";
        }
    }

    private static IntPtr Load()
    {
        OpenMpThreads.LimitBeforeLoad();
        var tried = new List<string>();
        foreach (var candidate in Candidates())
        {
            tried.Add(candidate);
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                if (NativeLibrary.TryGetExport(handle, "TessBaseAPICreate", out _))
                {
                    return handle;
                }

                NativeLibrary.Free(handle);
                tried[^1] += " (loaded, but it has no TessBaseAPICreate export: not Tesseract's C API)";
            }
        }

        var sb = new StringBuilder("The Tesseract 5 library (libtesseract) could not be loaded. Tried:\n");
        foreach (var t in tried)
        {
            sb.Append("  - ").Append(t).Append('\n');
        }

        sb.Append("Likely causes:\n")
          .Append("  1. Tesseract is not installed. On Debian/Ubuntu: sudo apt-get install libtesseract5 tesseract-ocr-eng (or run scripts/provision).\n")
          .Append("  2. It is installed somewhere unusual: set ").Append(PathVariable).Append(" to the full path of libtesseract.so.5.\n")
          .Append("  3. Its dependencies (liblept5, libarchive, libcurl) are missing: run ldd on the library to see which.\n")
          .Append("  4. The library's architecture differs from this process (").Append(RuntimeInformation.ProcessArchitecture).Append(").");
        throw new TesseractException(sb.ToString());
    }
}
