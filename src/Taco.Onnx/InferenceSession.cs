using Ort = Microsoft.ML.OnnxRuntime;

namespace Taco.Onnx;

/// <summary>A loaded ONNX model: its metadata, and runs over named inputs and outputs.</summary>
public sealed class InferenceSession : IDisposable
{
    private readonly OnnxRuntime _runtime;

    private InferenceSession(OnnxRuntime runtime, Ort.InferenceSession native)
    {
        _runtime = runtime;
        Native = native;
        Inputs = ReadNodes(native.InputNames, native.InputMetadata);
        Outputs = ReadNodes(native.OutputNames, native.OutputMetadata);
    }

    public IReadOnlyList<NodeMetadata> Inputs { get; }

    public IReadOnlyList<NodeMetadata> Outputs { get; }

    public OnnxRuntime Runtime => _runtime;

    internal Ort.InferenceSession Native { get; }

    /// <summary>
    /// Test seam: called on the running thread once a run's token is wired to ONNX Runtime's terminate flag
    /// and just before the native run, so a test can cancel a run it knows has started (a gate, not a timer).
    /// </summary>
    internal Action? RunStarting { get; set; }

    /// <summary>Loads a model file. Errors (missing file, invalid model) come back as <see cref="OrtException"/> with ONNX Runtime's message.</summary>
    public static InferenceSession FromFile(OnnxRuntime runtime, string path, SessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(path);
        return Create(runtime, options, native => new Ort.InferenceSession(path, native));
    }

    /// <summary>Loads a model from bytes already in memory.</summary>
    public static InferenceSession FromBytes(OnnxRuntime runtime, ReadOnlySpan<byte> model, SessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var bytes = model.ToArray();
        return Create(runtime, options, native => new Ort.InferenceSession(bytes, native));
    }

    /// <summary>Runs the model; returns the requested outputs (all outputs when <paramref name="outputNames"/> is null).</summary>
    public OrtValueCollection Run(
        IReadOnlyDictionary<string, OrtValue> inputs,
        IReadOnlyList<string>? outputNames = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var names = inputs.Keys.ToArray();
        var values = names.Select(n => inputs[n]).ToArray();
        var outNames = outputNames?.ToArray() ?? Outputs.Select(o => o.Name).ToArray();
        var outputs = new OrtValue?[outNames.Length];
        Run(names, values, outNames, outputs, cancellationToken);
        return new OrtValueCollection(outNames, outputs!);
    }

    /// <summary>
    /// The allocation-light form: outputs that are non-null on entry are filled in place
    /// (preallocated buffers); null ones are allocated by ONNX Runtime and returned.
    /// </summary>
    public void Run(
        ReadOnlySpan<string> inputNames,
        ReadOnlySpan<OrtValue> inputs,
        ReadOnlySpan<string> outputNames,
        Span<OrtValue?> outputs,
        CancellationToken cancellationToken = default)
    {
        if (inputNames.Length != inputs.Length)
        {
            throw new ArgumentException("Each input needs exactly one name.", nameof(inputs));
        }

        if (outputNames.Length != outputs.Length)
        {
            throw new ArgumentException("Each output needs exactly one slot.", nameof(outputs));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var inNames = inputNames.ToArray();
        var inValues = new Ort.OrtValue[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            inValues[i] = inputs[i].Native;
        }

        var outNames = outputNames.ToArray();
        var preallocated = 0;
        foreach (var o in outputs)
        {
            preallocated += o is null ? 0 : 1;
        }

        using var run = RunScope.Start(cancellationToken);
        RunStarting?.Invoke();
        if (preallocated == outputs.Length && outputs.Length > 0)
        {
            var outValues = new Ort.OrtValue[outputs.Length];
            for (var i = 0; i < outputs.Length; i++)
            {
                outValues[i] = outputs[i]!.Native;
            }

            try
            {
                Native.Run(run.Options, inNames, inValues, outNames, outValues);
            }
            catch (Ort.OnnxRuntimeException error)
            {
                throw run.Translate(error);
            }

            return;
        }

        if (preallocated == 0)
        {
            Ort.IDisposableReadOnlyCollection<Ort.OrtValue> results;
            try
            {
                results = Native.Run(run.Options, inNames, inValues, outNames);
            }
            catch (Ort.OnnxRuntimeException error)
            {
                throw run.Translate(error);
            }

            // The collection only lists the values; each now belongs to its OrtValue.
            var k = 0;
            foreach (var value in results)
            {
                outputs[k++] = new OrtValue(value);
            }

            return;
        }

        // Some outputs preallocated, some not: a one-off binding serves both.
        using var binding = CreateIoBinding();
        for (var i = 0; i < inputs.Length; i++)
        {
            binding.BindInput(inNames[i], inputs[i]);
        }

        for (var i = 0; i < outputs.Length; i++)
        {
            if (outputs[i] is { } pre)
            {
                binding.BindOutput(outNames[i], pre);
            }
            else
            {
                binding.BindOutputToCpu(outNames[i]);
            }
        }

        try
        {
            Native.RunWithBinding(run.Options, binding.Native);
        }
        catch (Ort.OnnxRuntimeException error)
        {
            throw run.Translate(error);
        }

        using var bound = binding.GetOutputs();
        for (var i = 0; i < outputs.Length; i++)
        {
            outputs[i] ??= bound.Detach(outNames[i]);
        }
    }

    /// <summary>Runs over fixed input and output names with their arrays and run options made once (see <see cref="PreparedRun"/>).</summary>
    public PreparedRun Prepare(IReadOnlyList<string> inputNames, IReadOnlyList<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputNames);
        ArgumentNullException.ThrowIfNull(outputNames);
        return new PreparedRun(this, inputNames, outputNames);
    }

    /// <summary>A binding of inputs and outputs that can be reused across runs (e.g. KV caches fed back every token).</summary>
    public IoBinding CreateIoBinding() => new(this);

    /// <summary>
    /// Runs the model over a binding; the outputs are read from <see cref="IoBinding.GetOutputs"/>. Once bound, a run
    /// allocates nothing (the binding's run options are reused), which is why the decode step embeds its token this way.
    /// </summary>
    public void Run(IoBinding binding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(binding);
        cancellationToken.ThrowIfCancellationRequested();
        using var run = RunScope.Start(binding.Options, cancellationToken);
        RunStarting?.Invoke();
        try
        {
            Native.RunWithBinding(run.Options, binding.Native);
        }
        catch (Ort.OnnxRuntimeException error)
        {
            throw run.Translate(error);
        }
    }

    public void Dispose() => Native.Dispose();

    private static InferenceSession Create(OnnxRuntime runtime, SessionOptions? options, Func<Ort.SessionOptions, Ort.InferenceSession> load)
    {
        options ??= new SessionOptions();
        using var native = options.CreateNative(runtime);
        try
        {
            return new InferenceSession(runtime, load(native));
        }
        catch (Ort.OnnxRuntimeException error)
        {
            throw OrtException.From(error);
        }
    }

    private static List<NodeMetadata> ReadNodes(IReadOnlyList<string> names, IReadOnlyDictionary<string, Ort.NodeMetadata> metadata)
    {
        var list = new List<NodeMetadata>(names.Count);
        foreach (var name in names)
        {
            var node = metadata[name];
            var valueType = (OnnxValueType)node.OnnxValueType;
            list.Add(valueType != OnnxValueType.Tensor
                ? new NodeMetadata(name, valueType, TensorElementType.Undefined, [], [])
                : new NodeMetadata(
                    name,
                    valueType,
                    (TensorElementType)node.ElementDataType,
                    node.Dimensions.Select(d => (long)d).ToArray(),
                    node.SymbolicDimensions.Select(s => s ?? string.Empty).ToArray()));
        }

        return list;
    }
}
