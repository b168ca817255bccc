namespace Taco.Cli.Infrastructure;

/// <summary>
/// Where taco finds a model it can use without being told: the option, its <c>TACO_*</c>
/// variable or taco.json key (<see cref="TacoConfig"/>), then the copy shipped next to the
/// application (<c>&lt;app&gt;/models/&lt;name&gt;</c>). A choice someone made is never silently
/// replaced by the shipped copy; when nothing usable is found the error lists what was tried.
/// </summary>
internal static class ShippedModels
{
    public const string Folder = "models";

    /// <summary>The depth model: <c>--depth-model</c>, <c>$TACO_DEPTH_MODEL</c>, then the shipped tiny-depth-trained.</summary>
    public static ModelLookup Depth { get; } = new(
        "depth model",
        "--depth-model",
        "TACO_DEPTH_MODEL",
        "tiny-depth-trained",
        ["onnx/model.onnx", "preprocessor_config.json"]);

    /// <summary>The vision-language model: <c>--model</c>, <c>$TACO_MODEL</c>, taco.json's <c>"model"</c>, then the shipped taco-tiny.</summary>
    public static ModelLookup Vlm { get; } = new(
        "vision-language model",
        "--model",
        "TACO_MODEL",
        "taco-tiny",
        ["config.json", "tokenizer.json"]);

    /// <summary>One kind of model and the rule for finding it.</summary>
    /// <param name="What">For messages, e.g. "depth model".</param>
    /// <param name="OptionName">The command-line option that names a directory.</param>
    /// <param name="EnvironmentVariable">The variable that sets it (named in the error).</param>
    /// <param name="ShippedName">The folder under <c>&lt;app&gt;/models/</c>.</param>
    /// <param name="RequiredFiles">Files (relative paths) a usable directory has.</param>
    internal sealed record ModelLookup(string What, string OptionName, string EnvironmentVariable, string ShippedName, IReadOnlyList<string> RequiredFiles)
    {
        public string ShippedPath(string? baseDirectory = null) => Path.Combine(baseDirectory ?? AppContext.BaseDirectory, Folder, ShippedName);

        /// <summary>
        /// The directory to use: <paramref name="chosen"/> (a path and where it was set: the option, the
        /// environment variable or taco.json) when someone chose one, else the shipped copy. A
        /// <see cref="CliException"/> (missing dependency) naming every place tried otherwise.
        /// </summary>
        public string Resolve((string Path, string Source)? chosen, string? baseDirectory = null)
        {
            var tried = new List<string>();
            return chosen is var (path, source)
                ? Check(Path.GetFullPath(path), source, tried) ?? throw NotFound(tried)
                : Check(ShippedPath(baseDirectory), "shipped with taco", tried) ?? throw NotFound(tried);
        }

        private string? Check(string directory, string source, List<string> tried)
        {
            var missing = RequiredFiles.Where(f => !File.Exists(Path.Combine(directory, f))).ToList();
            if (missing.Count == 0)
            {
                return directory;
            }

            var reason = Directory.Exists(directory) ? "lacks " + string.Join(" and ", missing) : "does not exist";
            tried.Add($"{directory} ({source}): {reason}");
            return null;
        }

        private CliException NotFound(List<string> tried) => new(
            ExitCodes.MissingDependency,
            $"no usable {What} found. Tried:\n" + string.Join("\n", tried.Select((t, i) => $"  {i + 1}. {t}")) +
            $"\nPass {OptionName} <dir> or set {EnvironmentVariable} to a directory with {string.Join(" and ", RequiredFiles)}.");
    }
}
