using System.Runtime.InteropServices;

namespace Taco.Cli.Tests;

/// <summary>
/// Named pipes as gates a test holds: a taco reading one blocks until the test writes it, so a run cannot
/// get past that point first, whatever the machine's speed.
/// </summary>
internal static partial class Fifo
{
    public static void Make(string path)
    {
        if (mkfifo(path, Convert.ToUInt32("600", 8)) != 0)
        {
            throw new IOException($"mkfifo {path} failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mkfifo(string path, uint mode);
}
