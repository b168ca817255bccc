namespace Taco.Benchmarks;

internal static class Paths
{
    public static string RepoRoot { get; } = Find();

    public static string TestModel(string file) => Path.Combine(RepoRoot, "models", "testdata", "onnx", file);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TacoCli.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
