using Taco.Onnx.Interop;

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

    internal unsafe OrtHandle CreateNative(OnnxRuntime runtime)
    {
        var api = runtime.Api;
        nint native;
        runtime.Check(api->CreateSessionOptions(&native));
        var handle = new OrtHandle(native, api->ReleaseSessionOptions);
        try
        {
            if (IntraOpThreads < 0 || InterOpThreads < 0)
            {
                throw new InvalidOperationException("Thread counts must be 0 (automatic) or positive.");
            }

            runtime.Check(api->SetIntraOpNumThreads(native, IntraOpThreads));
            runtime.Check(api->SetInterOpNumThreads(native, InterOpThreads));
            runtime.Check(api->SetSessionGraphOptimizationLevel(native, OptimizationLevel));
            runtime.Check(EnableMemoryPattern ? api->EnableMemPattern(native) : api->DisableMemPattern(native));
            runtime.Check(EnableCpuMemoryArena ? api->EnableCpuMemArena(native) : api->DisableCpuMemArena(native));
            if (LogId is not null)
            {
                using var id = new Utf8Strings([LogId]);
                runtime.Check(api->SetSessionLogId(native, id[0]));
            }

            foreach (var (key, value) in ConfigEntries)
            {
                using var kv = new Utf8Strings([key, value]);
                runtime.Check(api->AddSessionConfigEntry(native, kv[0], kv[1]));
            }

            AppendProvider(runtime, native);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private unsafe void AppendProvider(OnnxRuntime runtime, nint native)
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
        using var name = new Utf8Strings([match[..^"ExecutionProvider".Length]]);
        try
        {
            runtime.Check(runtime.Api->SessionOptionsAppendExecutionProvider(native, name[0], null, null, 0));
        }
        catch (OrtException error)
        {
            throw new InvalidOperationException(
                $"Execution provider '{wanted}' is compiled into ONNX Runtime {runtime.Version} but could not be enabled: {error.NativeMessage} "
                + $"Providers in this build: {string.Join(", ", available)}; CPUExecutionProvider always works.",
                error);
        }
    }
}
