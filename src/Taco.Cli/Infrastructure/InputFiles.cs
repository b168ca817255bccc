namespace Taco.Cli.Infrastructure;

/// <summary>
/// The files a command reads (an item file, every image it names). An output is refused when it is one
/// of them under any name (<see cref="FileIdentity"/>): a symlink, a hard link, another spelling of the path.
/// Call <see cref="Add"/> for every input before the first output is opened.
/// </summary>
internal sealed class InputFiles
{
    private readonly Dictionary<FileIdentity, (string Path, string Role)> _files = [];

    /// <summary>
    /// Remembers <paramref name="path"/> as read by this run; <paramref name="role"/> names it in errors
    /// ("the input file", "an image of the items"). A path with nothing there is skipped.
    /// </summary>
    public void Add(string path, string role)
    {
        if (path.Length > 0 && FileIdentity.Of(path) is { } identity)
        {
            _files.TryAdd(identity, (path, role));
        }
    }

    public void AddRange(IEnumerable<string> paths, string role)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            Add(path, role);
        }
    }

    /// <summary>The input that <paramref name="path"/> is (under any name) and its role, or null.</summary>
    public (string Path, string Role)? Find(string path) =>
        _files.Count > 0 && path.Length > 0 && FileIdentity.Of(path) is { } identity && _files.TryGetValue(identity, out var input) ? input : null;

    /// <summary>Bad input when the output <paramref name="path"/> is one of the inputs; <paramref name="remedy"/> says what to give instead.</summary>
    public void CheckOutput(string path, string remedy)
    {
        if (Find(path) is { } input)
        {
            throw new CliException(ExitCodes.BadInput, $"the output {path} is {Describe(path, input)}; {remedy}.");
        }
    }

    /// <summary>
    /// Bad input when any file already inside the folder <paramref name="directory"/> (where a run writes
    /// traces or reports) is one of the inputs, as a file written there could replace it.
    /// </summary>
    public void CheckOutputFolder(string directory, string remedy)
    {
        if (_files.Count == 0 || !Directory.Exists(directory))
        {
            return;
        }

        foreach (var file in FolderWalk.Files(directory))
        {
            if (Find(file) is { } input)
            {
                throw new CliException(ExitCodes.BadInput, $"{directory} holds {file}, which is {Describe(file, input)}; a run writing there could replace it: {remedy}.");
            }
        }
    }

    private static string Describe(string path, (string Path, string Role) input) =>
        string.Equals(Path.GetFullPath(path), Path.GetFullPath(input.Path), StringComparison.Ordinal)
            ? input.Role
            : $"{input.Role} {input.Path} under another name (a link, or the file a link names)";
}
