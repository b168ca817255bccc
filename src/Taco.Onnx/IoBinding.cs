using Ort = Microsoft.ML.OnnxRuntime;

namespace Taco.Onnx;

/// <summary>
/// Inputs and outputs bound once and reused across runs. Outputs are either preallocated values
/// (filled in place) or left to ONNX Runtime on the CPU; in both cases a value from one run can be
/// bound as the next run's input without a copy — what the generation loop does with KV caches.
/// </summary>
public sealed class IoBinding : IDisposable
{
    private readonly InferenceSession _session;

    // Bound managed-memory tensors must stay pinned while bound: hold them.
    private readonly Dictionary<string, OrtValue> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrtValue> _outputs = new(StringComparer.Ordinal);

    internal IoBinding(InferenceSession session)
    {
        _session = session;
        Native = session.Native.CreateIoBinding();
    }

    internal Ort.OrtIoBinding Native { get; }

    /// <summary>The options each cancellable run over this binding lends to its token (see <see cref="RunScope"/>), made once.</summary>
    internal Ort.RunOptions Options { get; } = new();

    public void BindInput(string name, OrtValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Checked(() => Native.BindInput(name, value.Native));
        _inputs[name] = value;
    }

    /// <summary>Binds a preallocated output: each run writes into its memory.</summary>
    public void BindOutput(string name, OrtValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Checked(() => Native.BindOutput(name, value.Native));
        _outputs[name] = value;
    }

    /// <summary>Binds an output whose shape is only known after the run; ONNX Runtime allocates it on the CPU.</summary>
    public void BindOutputToCpu(string name)
    {
        Checked(() => Native.BindOutputToDevice(name, Ort.OrtMemoryInfo.DefaultInstance));
        _outputs.Remove(name);
    }

    public void ClearInputs()
    {
        Native.ClearBoundInputs();
        _inputs.Clear();
    }

    public void ClearOutputs()
    {
        Native.ClearBoundOutputs();
        _outputs.Clear();
    }

    /// <summary>Runs the session over this binding.</summary>
    public void Run(CancellationToken cancellationToken = default) => _session.Run(this, cancellationToken);

    /// <summary>
    /// The outputs of the last run, as new values the caller owns (each shares its buffer with the
    /// binding's, so they can be bound as inputs of the next run without a copy). A bound output is
    /// reused by the next run when its shape allows, so before feeding an output back as an input,
    /// bind that output afresh (<see cref="BindOutputToCpu"/>) or the run would write over its own input.
    /// </summary>
    public OrtValueCollection GetOutputs()
    {
        var names = Native.GetOutputNames();
        if (names.Length == 0)
        {
            return new OrtValueCollection([], []);
        }

        // The returned list only holds the values; each now belongs to its OrtValue.
        var values = Native.GetOutputValues();
        return new OrtValueCollection(names, values.Select(v => new OrtValue(v)).ToArray());
    }

    public void Dispose()
    {
        Native.Dispose();
        Options.Dispose();
    }

    private static void Checked(Action bind)
    {
        try
        {
            bind();
        }
        catch (Ort.OnnxRuntimeException error)
        {
            throw OrtException.From(error);
        }
    }
}
