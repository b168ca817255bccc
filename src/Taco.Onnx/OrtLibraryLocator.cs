using System.Runtime.InteropServices;

namespace Taco.Onnx;

/// <summary>
/// Finds the ONNX Runtime native library: an explicit override (<c>--ort-library</c>, then
/// <c>TACO_ORT_LIBRARY</c>), else the one the <c>Microsoft.ML.OnnxRuntime</c> package placed beside
/// the application (<c>runtimes/RID/native/</c> in a build, next to taco in a RID-specific publish).
/// </summary>
public static class OrtLibraryLocator
{
    /// <summary>The version of the Microsoft.ML.OnnxRuntime package taco is built with.</summary>
    public const string OrtVersion = "1.32.0";
    public const string EnvironmentVariable = "TACO_ORT_LIBRARY";

    /// <summary>What puts the library back when it is missing: it comes with taco's build.</summary>
    public const string InstallCommand = "dotnet build src/Taco.Cli -c Release (or reinstall the taco tool)";

    /// <summary>The library name the official package imports.</summary>
    internal const string ImportName = "onnxruntime";

    /// <summary>The library's file name for the running OS, as the NuGet package ships it.</summary>
    public static string LibraryFileName =>
        OperatingSystem.IsWindows() ? "onnxruntime.dll"
        : OperatingSystem.IsMacOS() ? "libonnxruntime.dylib"
        : "libonnxruntime.so";

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

    /// <summary>The runtime identifier of the package's native folder for this process, e.g. <c>linux-x64</c>.</summary>
    public static string PackageRid
    {
        get
        {
            var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
            var arch = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x64",
                Architecture.Arm64 => "arm64",
                var other => other.ToString().ToLowerInvariant(),
            };
            return $"{os}-{arch}";
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

        list.Add(("Microsoft.ML.OnnxRuntime package", Path.Combine(AppContext.BaseDirectory, "runtimes", PackageRid, "native", LibraryFileName)));
        list.Add(("next to the application", Path.Combine(AppContext.BaseDirectory, LibraryFileName)));
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
            $"ONNX Runtime {OrtVersion} ({LibraryFileName} for {PackageRid}) was not found. Places tried:{Environment.NewLine}"
            + string.Join(Environment.NewLine, tried)
            + $"{Environment.NewLine}It comes with the Microsoft.ML.OnnxRuntime package: {InstallCommand}; or pass --ort-library / set {EnvironmentVariable}",
            candidates.Select(c => c.Path).ToList());
    }
}
