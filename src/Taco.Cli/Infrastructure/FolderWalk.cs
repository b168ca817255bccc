namespace Taco.Cli.Infrastructure;

/// <summary>
/// The files under a folder, each real folder visited once. Symlinked folders are followed, but only
/// after the folder's own tree and only to folders not seen yet (by <see cref="FileIdentity"/>), so a
/// link back up (<c>inner/up -&gt; ..</c>) or a second link to one folder adds nothing, and a file keeps
/// its real name rather than a name through a link.
/// </summary>
internal static class FolderWalk
{
    /// <summary>Full paths of the files (symlinks to files included) under <paramref name="root"/>; folders in ordinal order, real trees before linked ones.</summary>
    public static List<string> Files(string root)
    {
        var files = new List<string>();
        var seen = new HashSet<FileIdentity>();
        var linked = new Queue<string>();
        Visit(Path.GetFullPath(root), files, seen, linked);
        while (linked.Count > 0)
        {
            Visit(linked.Dequeue(), files, seen, linked);
        }

        return files;
    }

    // One real tree, depth first; folders reached through a symlink wait in the queue.
    private static void Visit(string top, List<string> files, HashSet<FileIdentity> seen, Queue<string> linked)
    {
        var pending = new Stack<string>();
        pending.Push(top);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            if (FileIdentity.Of(folder) is not { } identity || !seen.Add(identity))
            {
                continue;
            }

            string[] entries;
            try
            {
                entries = [.. Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal)];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.BadInput, $"the folder {folder} cannot be read: {e.Message}");
            }

            var subfolders = new List<string>();
            foreach (var entry in entries)
            {
                if (!Directory.Exists(entry))
                {
                    files.Add(entry);
                }
                else if (new DirectoryInfo(entry).LinkTarget is null)
                {
                    subfolders.Add(entry);
                }
                else
                {
                    linked.Enqueue(entry);
                }
            }

            // Pushed in reverse so they come off the stack in ordinal order.
            for (var i = subfolders.Count - 1; i >= 0; i--)
            {
                pending.Push(subfolders[i]);
            }
        }
    }
}
