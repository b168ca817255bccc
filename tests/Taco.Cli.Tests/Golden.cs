namespace Taco.Cli.Tests;

/// <summary>
/// Compares text with a committed golden file. On a difference the actual text is written beside
/// it as <c>*.received.txt</c> so a reviewer can diff and, if it is right, copy it over the golden.
/// </summary>
internal static class Golden
{
    public static void AssertMatches(string name, string actual)
    {
        var dir = Path.Combine(FindRepoRoot(), "tests", "Taco.Cli.Tests", "Goldens");
        var path = Path.Combine(dir, name + ".verified.txt");
        var received = Path.Combine(dir, name + ".received.txt");
        actual = actual.ReplaceLineEndings("\n");
        if (!File.Exists(path))
        {
            File.WriteAllText(received, actual);
            Assert.Fail($"no golden file {path}; the output was written to {received}");
        }

        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            File.WriteAllText(received, actual);
            Assert.Equal(expected, actual);
        }

        File.Delete(received);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TacoCli.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("repository root not found");
    }
}
