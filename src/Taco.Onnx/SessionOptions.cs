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
    /// An execution provider by name (<c>cpu</c>, <c>CPUExecutionProvider</c>, <c>cuda</c>, …); null for the runtime's
    /// (<see cref="OnnxRuntime.ExecutionProvider"/>, the CLI's <c>--execution-provider</c>). The CPU provider is always
    /// present and needs no registration; another must be compiled into the loaded library.
    /// </summary>
    public string? ExecutionProvider { get; init; }

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
        var wanted = ExecutionProvider ?? runtime.ExecutionProvider;
        Onnx.ExecutionProviders.Append(runtime, native, wanted, Onnx.ExecutionProviders.Find(runtime, wanted));
    }
}
