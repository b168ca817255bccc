using System.Runtime.InteropServices;

namespace Taco.Imaging.Tests;

/// <summary>Captures everything written to file descriptor 2 (native and managed) while an action runs.</summary>
internal static partial class StderrProbe
{
    private const int StderrFd = 2;

    public static string Capture(Action action)
    {
        var path = System.IO.Path.GetTempFileName();
        try
        {
            using (var file = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite))
            {
                var saved = dup(StderrFd);
                Assert.True(saved >= 0);
                Assert.True(dup2((int)file.DangerousGetHandle(), StderrFd) >= 0);
                try
                {
                    action();
                }
                finally
                {
                    _ = dup2(saved, StderrFd);
                    _ = close(saved);
                }
            }

            return File.ReadAllText(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [LibraryImport("libc.so.6")]
    private static partial int dup(int fd);

    [LibraryImport("libc.so.6")]
    private static partial int dup2(int oldFd, int newFd);

    [LibraryImport("libc.so.6")]
    private static partial int close(int fd);
}
