using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Taco.Imaging.Interop;

/// <summary>
/// Loads Leptonica once, explicitly, and routes its diagnostics away from stderr.
/// Every public entry point that reaches native code calls <see cref="EnsureLoaded"/> first.
/// </summary>
internal static unsafe class LeptonicaLibrary
{
    /// <summary>Overrides the search with a full path to the shared library.</summary>
    internal const string EnvironmentVariable = "TACO_LEPTONICA_LIBRARY";

    // Debian bookworm ships liblept.so.5 (1.82); trixie renamed it libleptonica.so.6 (1.84) with the
    // same exports we use. The unversioned names only exist with the -dev package.
    private static readonly string[] LinuxNames = ["liblept.so.5", "libleptonica.so.6", "liblept.so", "libleptonica.so"];
    private static readonly string[] MacNames = ["libleptonica.6.dylib", "libleptonica.dylib", "liblept.5.dylib", "liblept.dylib"];
    private static readonly string[] WindowsNames = ["leptonica-1.84.1.dll", "leptonica-1.82.0.dll", "leptonica.dll", "liblept-5.dll"];

    private static readonly Lock Gate = new();
    private static nint library;
    private static LeptonicaNotFoundException? loadFailure;

    [ThreadStatic]
    private static StringBuilder? messages;

    internal static void EnsureLoaded()
    {
        if (Volatile.Read(ref library) != 0)
        {
            return;
        }

        lock (Gate)
        {
            if (library == 0)
            {
                if (loadFailure is not null)
                {
                    throw loadFailure;
                }

                var handle = TryLoad(Environment.GetEnvironmentVariable(EnvironmentVariable), out var failure);
                if (handle == 0)
                {
                    loadFailure = failure;
                    throw loadFailure!;
                }

                NativeLibrary.SetDllImportResolver(typeof(LeptonicaLibrary).Assembly, Resolve);
                Volatile.Write(ref library, handle);
                Configure();
            }
        }
    }

    /// <summary>Returns and clears the Leptonica messages this thread collected since the last call.</summary>
    internal static string TakeMessages()
    {
        if (messages is null || messages.Length == 0)
        {
            return string.Empty;
        }

        var text = messages.ToString().Trim();
        messages.Clear();
        return text;
    }

    private static void Configure()
    {
        // Messages are collected per thread and attached to exceptions instead of printed, so the
        // CLI's stderr (its log channel) stays clean. Installed once for the process: Tesseract uses
        // the same Leptonica, so its messages land here too, which is what we want.
        Leptonica.leptSetStderrHandler(&OnMessage);

        // Leptonica's default already strips 16-bit PNG samples to 8 bits; set it so a changed
        // default cannot silently give us 16-bit pixels.
        Leptonica.l_pngSetReadStrip16To8(1);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnMessage(byte* text)
    {
        if (text is null)
        {
            return;
        }

        messages ??= new StringBuilder();
        if (messages.Length > 4096)
        {
            return; // A runaway decoder must not grow memory without bound.
        }

        messages.Append(Marshal.PtrToStringUTF8((nint)text)).Append(' ');
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) => name switch
    {
        Leptonica.LibraryName => library,

        // "libc.so" is a linker script on glibc systems and cannot be dlopen'ed; name the real library.
        CStderrCapture.LibC when OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out var libc) => libc,
        _ => 0,
    };

    /// <summary>
    /// Loads Leptonica from <paramref name="explicitPath"/> when given, else by its usual names.
    /// Returns 0 and the exception to throw when nothing loads; has no side effects otherwise.
    /// </summary>
    internal static nint TryLoad(string? explicitPath, out LeptonicaNotFoundException? failure)
    {
        var tried = new List<string>();
        failure = null;
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            tried.Add($"{explicitPath} (from {EnvironmentVariable})");
            if (NativeLibrary.TryLoad(explicitPath, out var fromEnv))
            {
                return fromEnv;
            }
        }
        else
        {
            var names = OperatingSystem.IsWindows() ? WindowsNames : OperatingSystem.IsMacOS() ? MacNames : LinuxNames;
            foreach (var name in names)
            {
                tried.Add(name);
                if (NativeLibrary.TryLoad(name, out var handle))
                {
                    return handle;
                }
            }
        }

        failure = new LeptonicaNotFoundException(
            "Leptonica (the image codec library) could not be loaded. Tried: " + string.Join(", ", tried) + ". "
            + "Run scripts/provision, which installs the Debian package liblept5 (pulled in by libtesseract5), "
            + $"or set {EnvironmentVariable} to the full path of the shared library.",
            tried);
        return 0;
    }
}
