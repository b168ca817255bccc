using System.CommandLine;

namespace Taco.Cli.Infrastructure;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Write diagnostic logs to standard error.",
        Recursive = true,
    };

    public static Option<FileInfo?> LogFile { get; } = new("--log-file")
    {
        Description = "Also write detailed logs to this file.",
        Recursive = true,
    };

    public static Option<FileInfo?> OrtLibrary { get; } = new("--ort-library")
    {
        Description = "Path to the ONNX Runtime shared library (default: $TACO_ORT_LIBRARY, next to taco, then the provisioning cache).",
        Recursive = true,
    };
}
