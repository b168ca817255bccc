using Ort = Microsoft.ML.OnnxRuntime;

namespace Taco.Onnx;

/// <summary>Settings for a new <see cref="InferenceSession"/>; turned into native options when the session is created.</summary>
public sealed record SessionOptions
{
    /// <summary>Threads inside one operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads across independent operators (parallel execution mode only); 0 lets ONNX Runtime choose.</summary>
    public int InterOpThreads { get; init; }

    public GraphOptimizationLevel OptimizationLevel { get; init; } = GraphOptimizationLevel.All;

    /// <summary>
    /// An execution provider by name (<c>cpu</c>, <c>CPUExecutionProvider</c>, <c>XNNPACK</c>, …). The CPU provider
    /// is always present and needs no registration; another must be compiled into the loaded library.
    /// </summary>
    public string ExecutionProvider { get; init; } = "CPUExecutionProvider";

    public bool EnableMemoryPattern { get; init; } = true;

    public bool EnableCpuMemoryArena { get; init; } = true;

    public string? LogId { get; init; }

    /// <summary>Extra <c>AddSessionConfigEntry</c> pairs, e.g. <c>session.intra_op.allow_spinning = 0</c>.</summary>
    public IReadOnlyDictionary<string, string> ConfigEntries { get; init; } = new Dictionary<string, string>();

    internal Ort.SessionOptions CreateNative(OnnxRuntime runtime)
    {
        if (IntraOpThreads < 0 || InterOpThreads < 0)
        {
            throw new InvalidOperationException("Thread counts must be 0 (automatic) or positive.");
        }

        var native = new Ort.SessionOptions();
        try
        {
            native.IntraOpNumThreads = IntraOpThreads;
            native.InterOpNumThreads = InterOpThreads;
            native.GraphOptimizationLevel = (Ort.GraphOptimizationLevel)OptimizationLevel;
            native.EnableMemoryPattern = EnableMemoryPattern;
            native.EnableCpuMemArena = EnableCpuMemoryArena;
            if (LogId is not null)
            {
                native.LogId = LogId;
            }

            foreach (var (key, value) in ConfigEntries)
            {
                native.AddSessionConfigEntry(key, value);
            }

            AppendProvider(runtime, native);
            return native;
        }
        catch (Ort.OnnxRuntimeException error)
        {
            native.Dispose();
            throw OrtException.From(error);
        }
        catch
        {
            native.Dispose();
            throw;
        }
    }

    private void AppendProvider(OnnxRuntime runtime, Ort.SessionOptions native)
    {
        var wanted = ExecutionProvider.Trim();
        var fullName = wanted.EndsWith("ExecutionProvider", StringComparison.OrdinalIgnoreCase) ? wanted : wanted + "ExecutionProvider";
        var available = runtime.AvailableProviders;
        var match = available.FirstOrDefault(p => string.Equals(p, fullName, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            throw new InvalidOperationException(
                $"Execution provider '{wanted}' is not available in ONNX Runtime {runtime.Version} ({runtime.LibraryPath}). Available: {string.Join(", ", available)}.");
        }

        if (match == "CPUExecutionProvider")
        {
            return; // always registered, last in line
        }

        // Some providers are compiled in but need libraries this build does not ship (CUDA, TensorRT):
        // ONNX Runtime refuses them here, and the user should hear why and what else there is.
        try
        {
            if (match == "CUDAExecutionProvider")
            {
                native.AppendExecutionProvider_CUDA();
            }
            else
            {
                native.AppendExecutionProvider(match[..^"ExecutionProvider".Length]);
            }
        }
        catch (Exception error) when (error is Ort.OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            throw new InvalidOperationException(
                $"Execution provider '{wanted}' is compiled into ONNX Runtime {runtime.Version} but could not be enabled: {error.Message} "
                + $"Providers in this build: {string.Join(", ", available)}; CPUExecutionProvider always works.",
                error);
        }
    }
}
