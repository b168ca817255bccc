using System.Runtime.InteropServices;

namespace Taco.Cli.Infrastructure;

/// <summary>
/// Which file a path names, as the file system sees it: device and inode on Linux, so a hard link,
/// a symbolic link or another spelling of a path an input has is recognised as that input. Where
/// stat is not at hand the full path (resolved through links) stands in.
/// </summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, string? FullPath)
{
    /// <summary>The identity of an existing file; null when nothing is there.</summary>
    public static FileIdentity? Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return null;
        }

        if (OperatingSystem.IsLinux())
        {
            var buffer = new byte[256]; // struct stat is 144 bytes on x86-64 and 128 on arm64; st_dev and st_ino lead both
            try
            {
                if (NativeMethods.stat(path, buffer) == 0)
                {
                    return new FileIdentity(BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8), null);
                }
            }
            catch (EntryPointNotFoundException)
            {
                // glibc before 2.33 exports only __xstat: fall back to the resolved path.
            }
        }

        var full = Path.GetFullPath(path);
        var target = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        return new FileIdentity(0, 0, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? target.ToUpperInvariant() : target);
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in this assembly for one call
        internal static extern int stat(string path, byte[] buffer);
#pragma warning restore SYSLIB1054
    }
}
