namespace Taco.Cli.Infrastructure;

/// <summary>
/// Folders taco writes into (<c>--trace-dir</c>, <c>--report-dir</c>), checked before any model loads or
/// item runs: a file in the way is bad input, a folder that cannot be made or written is an I/O error.
/// </summary>
internal static class OutputFolder
{
    /// <summary>Creates <paramref name="path"/> if needed and proves a file can be written in it; <paramref name="option"/> names it in errors.</summary>
    public static void Prepare(string path, string option)
    {
        if (File.Exists(path))
        {
            throw new CliException(ExitCodes.BadInput, $"{option} {path} is a file; give a folder.");
        }

        try
        {
            Directory.CreateDirectory(path);
            using var probe = new FileStream(Path.Combine(path, $".taco-write-check-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.IoError, $"{option} {path} cannot be written: {e.Message}");
        }
    }
}
