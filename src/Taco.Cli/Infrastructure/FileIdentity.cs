using System.Runtime.InteropServices;

namespace Taco.Cli.Infrastructure;

/// <summary>
/// Which file a path names, after following links: the device and inode on Linux, so a symlink, a hard
/// link or a <c>..</c> detour to a file compares equal to the file itself. Comparing paths cannot see that.
/// Elsewhere the fully resolved path stands in (hard links then go unseen).
/// </summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode, string? ResolvedPath)
{
    /// <summary>The identity of the file or folder <paramref name="path"/> names; null when nothing is there (or a link leads nowhere).</summary>
    public static FileIdentity? Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsLinux())
        {
            return stat(path, out var status) == 0 ? new FileIdentity(status.Device, status.Inode, null) : null;
        }

        var full = Path.GetFullPath(path);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            return null;
        }

        var target = File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        return new FileIdentity(0, 0, OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? target.ToUpperInvariant() : target);
    }

    [DllImport("libc", SetLastError = false)]
#pragma warning disable SYSLIB1054 // A blittable out struct needs no generated marshalling (and no unsafe code in this project).
#pragma warning disable CA2101 // the path is marshalled as UTF-8, as Linux expects
    private static extern int stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out Stat status);
#pragma warning restore CA2101
#pragma warning restore SYSLIB1054

    /// <summary>
    /// <c>struct stat</c> on 64-bit Linux (x86-64 and the generic layout of arm64 alike) starts with
    /// <c>st_dev</c> and <c>st_ino</c>, 8 bytes each; the rest (at most 144 bytes) is room we do not read.
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct Stat
    {
        public ulong Device;
        public ulong Inode;
    }
}
