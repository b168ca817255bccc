using Ort = Microsoft.ML.OnnxRuntime;

namespace Taco.Onnx;

/// <summary>
/// Execution providers by name: <c>cpu</c>, <c>cuda</c>, <c>CUDAExecutionProvider</c> and so on, matched without
/// regard to case against the providers compiled into the loaded library.
/// </summary>
public static class ExecutionProviders
{
    public const string Cpu = "CPUExecutionProvider";

    private const string Suffix = "ExecutionProvider";

    /// <summary>The package to build with for CUDA and TensorRT (the <c>TacoOnnxRuntime</c> MSBuild property).</summary>
    public const string GpuBuildHint = "a build with -p:TacoOnnxRuntime=gpu (Microsoft.ML.OnnxRuntime.Gpu) brings CUDA and TensorRT";

    /// <summary>The short name a user types: <c>CUDAExecutionProvider</c> → <c>cuda</c>.</summary>
    public static string ShortName(string provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return (provider.EndsWith(Suffix, StringComparison.Ordinal) ? provider[..^Suffix.Length] : provider).ToLowerInvariant();
    }

    /// <summary>
    /// The full name of the provider <paramref name="wanted"/> names in <paramref name="runtime"/>, checked to start
    /// (a session options object gets it appended and is thrown away); one line naming what exists otherwise.
    /// </summary>
    public static string Resolve(OnnxRuntime runtime, string wanted)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(wanted);
        var match = Find(runtime, wanted);
        if (match != Cpu)
        {
            using var probe = new Ort.SessionOptions();
            Append(runtime, probe, wanted, match);
        }

        return match;
    }

    internal static string Find(OnnxRuntime runtime, string wanted)
    {
        var name = wanted.Trim();
        var fullName = name.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) ? name : name + Suffix;
        var available = runtime.AvailableProviders;
        return available.FirstOrDefault(p => string.Equals(p, fullName, StringComparison.OrdinalIgnoreCase))
            ?? throw new ExecutionProviderException(
                $"execution provider '{name}' is not in ONNX Runtime {runtime.Version} ({runtime.LibraryPath}); it has {Describe(available)}; {GpuBuildHint} (see README, Execution providers).");
    }

    /// <summary>Registers <paramref name="match"/> (a full name from <see cref="Find"/>) on <paramref name="native"/>; CPU needs nothing.</summary>
    internal static void Append(OnnxRuntime runtime, Ort.SessionOptions native, string wanted, string match)
    {
        if (match == Cpu)
        {
            return; // always registered, last in line
        }

        // Some providers are compiled in but need libraries this machine lacks (CUDA, TensorRT):
        // ONNX Runtime refuses them here, and the user should hear why and what else there is.
        try
        {
            switch (match)
            {
                case "CUDAExecutionProvider":
                    native.AppendExecutionProvider_CUDA();
                    break;
                case "TensorrtExecutionProvider":
                    native.AppendExecutionProvider_Tensorrt();
                    break;
                default:
                    native.AppendExecutionProvider(match[..^Suffix.Length]);
                    break;
            }
        }
        catch (Exception error) when (error is Ort.OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            var reason = string.Join(' ', error.Message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            throw new ExecutionProviderException(
                $"execution provider '{wanted.Trim()}' is in ONNX Runtime {runtime.Version} but cannot start here ({reason}); it has {Describe(runtime.AvailableProviders)}, and cpu always works.",
                error);
        }
    }

    private static string Describe(IReadOnlyList<string> providers) =>
        string.Join(", ", providers) + " (--execution-provider " + string.Join("|", providers.Select(ShortName)) + ")";
}
