using System.Runtime.InteropServices;

namespace Taco.Tools.Ocr.Tesseract.Interop;

/// <summary>
/// Finds and loads <c>libtesseract</c> once; failure is one line naming what was tried and how to install it.
/// <c>TACO_TESSERACT_LIBRARY</c>, when set, is the only place tried: the user chose that file, so loading
/// another install instead would hide the mistake.
/// </summary>
internal static class TesseractLibrary
{
    public const string PathVariable = "TACO_TESSERACT_LIBRARY";

    /// <summary>What installs it (one line, for errors and <c>taco doctor</c>).</summary>
    public const string InstallHint =
        "install it with sudo apt-get install libtesseract5 tesseract-ocr-eng (Debian/Ubuntu; or scripts/provision runtime), or set " + PathVariable + " to the full path of libtesseract.so.5";

    private static readonly Lazy<IntPtr> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static IntPtr Handle => Loaded.Value;

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } explicitPath)
        {
            yield return explicitPath;
            yield break;
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

        // A library that exists but does not load is another architecture or lacks its own dependencies (ldd shows which).
        throw new TesseractException(
            $"Tesseract 5 (libtesseract) is not installed or could not be loaded (tried {string.Join(", ", tried)}; "
            + $"a file that exists but does not load may be for another CPU than {RuntimeInformation.ProcessArchitecture} or lack its dependencies, see ldd): {InstallHint}.");
    }
}
