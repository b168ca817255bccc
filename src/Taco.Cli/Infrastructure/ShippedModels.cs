namespace Taco.Cli.Infrastructure;

/// <summary>
/// Where taco finds a model it can use without being told: an explicit option, then an
/// environment variable, then the copy shipped next to the application
/// (<c>&lt;app&gt;/models/&lt;name&gt;</c>). An explicit choice is never silently replaced by
/// another; when nothing usable is found the error lists every place tried.
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

    /// <summary>One kind of model and the rule for finding it.</summary>
    /// <param name="What">For messages, e.g. "depth model".</param>
    /// <param name="OptionName">The command-line option that names a directory.</param>
    /// <param name="EnvironmentVariable">The variable consulted when the option is absent.</param>
    /// <param name="ShippedName">The folder under <c>&lt;app&gt;/models/</c>.</param>
    /// <param name="RequiredFiles">Files (relative paths) a usable directory has.</param>
    internal sealed record ModelLookup(string What, string OptionName, string EnvironmentVariable, string ShippedName, IReadOnlyList<string> RequiredFiles)
    {
        public string ShippedPath(string? baseDirectory = null) => Path.Combine(baseDirectory ?? AppContext.BaseDirectory, Folder, ShippedName);

        /// <summary>The directory to use; a <see cref="CliException"/> (missing dependency) naming every place tried otherwise.</summary>
        public string Resolve(string? optionValue, string? baseDirectory = null, Func<string, string?>? environment = null)
        {
            environment ??= Environment.GetEnvironmentVariable;
            var tried = new List<string>();
            if (!string.IsNullOrWhiteSpace(optionValue))
            {
                return Check(Path.GetFullPath(optionValue), OptionName, tried) ?? throw NotFound(tried);
            }

            if (environment(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
            {
                return Check(Path.GetFullPath(fromEnvironment), "$" + EnvironmentVariable, tried) ?? throw NotFound(tried);
            }

            return Check(ShippedPath(baseDirectory), "shipped with taco", tried) ?? throw NotFound(tried);
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
