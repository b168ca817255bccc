using System.Runtime.InteropServices;

namespace Taco.Onnx;

/// <summary>
/// Finds the ONNX Runtime shared library: an explicit path (<c>--ort-library</c>), then
/// <c>TACO_ORT_LIBRARY</c>, then next to the application, then the provisioning cache.
/// </summary>
public static class OrtLibraryLocator
{
    public const string OrtVersion = "1.30.0";
    public const string EnvironmentVariable = "TACO_ORT_LIBRARY";
    public const string InstallCommand = "scripts/provision";

    /// <summary>The library's file name for the running OS, as shipped in onnxruntime-node.</summary>
    public static string LibraryFileName =>
        OperatingSystem.IsWindows() ? "onnxruntime.dll"
        : OperatingSystem.IsMacOS() ? $"libonnxruntime.{OrtVersion}.dylib"
        : "libonnxruntime.so.1";

    /// <summary>The taco cache: <c>TACO_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/taco</c>, else <c>~/.cache/taco</c>.</summary>
    public static string CacheDirectory
    {
        get
        {
            var explicitDir = Environment.GetEnvironmentVariable("TACO_CACHE_DIR");
            if (!string.IsNullOrEmpty(explicitDir))
            {
                return explicitDir;
            }

            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = !string.IsNullOrEmpty(xdg)
                ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "taco");
        }
    }

    /// <summary>Where <c>scripts/provision</c> unpacks the official build for this OS and architecture.</summary>
    public static string CachedLibraryPath
    {
        get
        {
            var os = OperatingSystem.IsWindows() ? "win32" : OperatingSystem.IsMacOS() ? "darwin" : "linux";
            var arch = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x64",
                Architecture.Arm64 => "arm64",
                var other => other.ToString().ToLowerInvariant(),
            };
            return Path.Combine(CacheDirectory, "npm", $"onnxruntime-node-{OrtVersion}", "package", "bin", "napi-v6", os, arch, LibraryFileName);
        }
    }

    /// <summary>The candidate paths in the order they are tried, each with where it came from.</summary>
    public static IReadOnlyList<(string Source, string Path)> Candidates(string? explicitPath)
    {
        var list = new List<(string, string)>();
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            list.Add(("--ort-library", Path.GetFullPath(explicitPath)));
        }

        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            list.Add((EnvironmentVariable, Path.GetFullPath(fromEnv)));
        }

        list.Add(("next to the application", Path.Combine(AppContext.BaseDirectory, LibraryFileName)));
        list.Add(("provisioning cache", CachedLibraryPath));
        return list;
    }

    /// <summary>
    /// The first candidate that exists. An explicit path that does not exist is an error of its own:
    /// the user asked for that file, so falling back silently would hide the mistake.
    /// </summary>
    public static string Resolve(string? explicitPath)
    {
        var candidates = Candidates(explicitPath);
        foreach (var (source, path) in candidates)
        {
            if (File.Exists(path))
            {
                return path;
            }

            if (source is "--ort-library" or EnvironmentVariable)
            {
                throw new OrtLibraryNotFoundException(
                    $"ONNX Runtime library given by {source} does not exist: {path}", [path]);
            }
        }

        var tried = candidates.Select(c => $"  - {c.Path} ({c.Source})").ToList();
        throw new OrtLibraryNotFoundException(
            $"ONNX Runtime {OrtVersion} ({LibraryFileName}) was not found. Places tried:{Environment.NewLine}"
            + string.Join(Environment.NewLine, tried)
            + $"{Environment.NewLine}Install it with: {InstallCommand}   (or pass --ort-library / set {EnvironmentVariable})",
            candidates.Select(c => c.Path).ToList());
    }
}
