using System.Runtime.InteropServices;

namespace Taco.Imaging.Interop;

/// <summary>
/// libpng and libjpeg, called by Leptonica with their default error managers, print to the C
/// <c>stderr</c> stream (<c>libpng error: IDAT: CRC error</c>, <c>Corrupt JPEG data: …</c>). While a
/// codec runs, the C <c>stderr</c> pointer is swapped for an in-memory stream, so those lines end up in
/// our exception messages instead of the CLI's log channel. .NET's Console.Error writes to file
/// descriptor 2 directly and is unaffected. Linux/glibc only; elsewhere the codecs print as before.
/// </summary>
internal static unsafe partial class CStderrCapture
{
    internal const string LibC = "libc";

    private const int SeekSet = 0;

    private static readonly Lock Gate = new();
    private static nint* stderrVariable;
    private static nint memoryStream;
    private static byte** buffer;
    private static nuint* size;
    private static bool initialized;

    /// <summary>Runs <paramref name="action"/> with C stderr captured; returns what was written.</summary>
    internal static string Run(Action action)
    {
        lock (Gate)
        {
            if (!Initialize())
            {
                action();
                return string.Empty;
            }

            var previous = *stderrVariable;
            *stderrVariable = memoryStream;
            try
            {
                action();
            }
            finally
            {
                *stderrVariable = previous;
            }

            var text = fflush(memoryStream) == 0 && *size > 0
                ? Marshal.PtrToStringUTF8((nint)(*buffer), (int)Math.Min(*size, 4096))
                : string.Empty;

            // Rewind so the next capture overwrites this one instead of growing the buffer.
            _ = fseek(memoryStream, 0, SeekSet);
            return text.Trim();
        }
    }

    private static bool Initialize()
    {
        if (initialized)
        {
            return memoryStream != 0;
        }

        initialized = true;
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            // RTLD_DEFAULT (0) finds the definition every library's GOT entry points at, including an
            // executable's copy-relocated one; a lookup in libc's own handle could miss that copy.
            var variable = dlsym(0, "stderr");
            if (variable == 0)
            {
                return false;
            }

            // Process-lifetime allocations: the stream is reused and never closed, so a codec on
            // another thread that read the swapped pointer can never write to a freed stream.
            buffer = (byte**)NativeMemory.AllocZeroed((nuint)sizeof(nint));
            size = (nuint*)NativeMemory.AllocZeroed((nuint)sizeof(nuint));
            var stream = open_memstream(buffer, size);
            if (stream == 0)
            {
                return false;
            }

            stderrVariable = (nint*)variable;
            memoryStream = stream;
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport(LibC, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint dlsym(nint handle, string symbol);

    [LibraryImport(LibC)]
    private static partial nint open_memstream(byte** ptr, nuint* sizeloc);

    [LibraryImport(LibC)]
    private static partial int fflush(nint stream);

    [LibraryImport(LibC)]
    private static partial int fseek(nint stream, nint offset, int whence);
}
