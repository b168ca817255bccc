namespace Taco.Onnx.Tests;

/// <summary>Where the repository and the provisioned files are, for tests.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string TestModels => Path.Combine(RepoRoot, "models", "testdata", "onnx");

    public static string TestModel(string fileName) => Path.Combine(TestModels, fileName);

    /// <summary>A provisioned file; a missing one fails the test with the command that provides it.</summary>
    public static string Provisioned(string relativeToCache)
    {
        var path = Path.Combine(OrtLibraryLocator.CacheDirectory, relativeToCache);
        return File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} is missing: run `scripts/provision runtime test` first.", path);
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

        throw new DirectoryNotFoundException("Could not find the repository root (TacoCli.sln) above " + AppContext.BaseDirectory);
    }
}
