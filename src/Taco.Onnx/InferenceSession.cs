using System.Runtime.InteropServices;
using System.Text;
using Taco.Onnx.Interop;

namespace Taco.Onnx;

/// <summary>A loaded ONNX model: its metadata, and runs over named inputs and outputs.</summary>
public sealed unsafe class InferenceSession : IDisposable
{
    private readonly OnnxRuntime _runtime;
    private readonly Utf8Strings _inputNames;
    private readonly Utf8Strings _outputNames;
    private readonly Dictionary<string, int> _inputIndex;
    private readonly Dictionary<string, int> _outputIndex;

    private InferenceSession(OnnxRuntime runtime, OrtHandle handle)
    {
        _runtime = runtime;
        Handle = handle;
        Inputs = ReadNodes(isInput: true);
        Outputs = ReadNodes(isInput: false);
        _inputNames = new Utf8Strings(Inputs.Select(n => n.Name).ToList());
        _outputNames = new Utf8Strings(Outputs.Select(n => n.Name).ToList());
        _inputIndex = Inputs.Select((n, i) => (n.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        _outputIndex = Outputs.Select((n, i) => (n.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<NodeMetadata> Inputs { get; }

    public IReadOnlyList<NodeMetadata> Outputs { get; }

    public OnnxRuntime Runtime => _runtime;

    internal OrtHandle Handle { get; }

    /// <summary>Loads a model file. Errors (missing file, invalid model) come back as <see cref="OrtException"/> with ONNX Runtime's message.</summary>
    public static InferenceSession FromFile(OnnxRuntime runtime, string path, SessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(path);
        options ??= new SessionOptions();
        using var nativeOptions = options.CreateNative(runtime);
        using var env = runtime.Env.Use();
        using var opts = nativeOptions.Use();
        nint session;
        if (OperatingSystem.IsWindows())
        {
            fixed (char* p = path)
            {
                runtime.Check(runtime.Api->CreateSession(env.Pointer, (byte*)p, opts.Pointer, &session));
            }
        }
        else
        {
            var bytes = Encoding.UTF8.GetBytes(path + "\0");
            fixed (byte* p = bytes)
            {
                runtime.Check(runtime.Api->CreateSession(env.Pointer, p, opts.Pointer, &session));
            }
        }

        return new InferenceSession(runtime, new OrtHandle(session, runtime.Api->ReleaseSession, runtime.Env));
    }

    /// <summary>Loads a model from bytes already in memory.</summary>
    public static InferenceSession FromBytes(OnnxRuntime runtime, ReadOnlySpan<byte> model, SessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        options ??= new SessionOptions();
        using var nativeOptions = options.CreateNative(runtime);
        using var env = runtime.Env.Use();
        using var opts = nativeOptions.Use();
        nint session;
        fixed (byte* p = model)
        {
            runtime.Check(runtime.Api->CreateSessionFromArray(env.Pointer, p, (nuint)model.Length, opts.Pointer, &session));
        }

        return new InferenceSession(runtime, new OrtHandle(session, runtime.Api->ReleaseSession, runtime.Env));
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
        var nIn = inputs.Length;
        var nOut = outputs.Length;
        var inNamePtrs = stackalloc nint[nIn];
        var inValuePtrs = stackalloc nint[nIn];
        var outNamePtrs = stackalloc nint[nOut];
        var outValuePtrs = stackalloc nint[nOut];
        var adHoc = new List<nint>();
        var leased = 0;
        try
        {
            for (var i = 0; i < nIn; i++)
            {
                inNamePtrs[i] = NamePointer(inputNames[i], _inputNames, _inputIndex, adHoc);
                var addedRef = false;
                inputs[i].Handle.DangerousAddRef(ref addedRef);
                leased++;
                inValuePtrs[i] = inputs[i].Handle.DangerousGetHandle();
            }

            for (var i = 0; i < nOut; i++)
            {
                outNamePtrs[i] = NamePointer(outputNames[i], _outputNames, _outputIndex, adHoc);
                outValuePtrs[i] = outputs[i] is { } pre ? pre.Handle.DangerousGetHandle() : 0;
            }

            using var session = Handle.Use();
            using var run = RunScope.Start(_runtime, cancellationToken);
            var status = _runtime.Api->Run(session.Pointer, run.Pointer, inNamePtrs, inValuePtrs, (nuint)nIn, outNamePtrs, (nuint)nOut, outValuePtrs);
            run.ThrowIfFailed(status);

            for (var i = 0; i < nOut; i++)
            {
                if (outputs[i] is null)
                {
                    outputs[i] = new OrtValue(_runtime, new OrtHandle(outValuePtrs[i], _runtime.Api->ReleaseValue));
                }
            }
        }
        finally
        {
            for (var i = 0; i < leased; i++)
            {
                inputs[i].Handle.DangerousRelease();
            }

            foreach (var p in adHoc)
            {
                NativeMemory.Free((void*)p);
            }
        }
    }

    /// <summary>A binding of inputs and outputs that can be reused across runs (e.g. KV caches fed back every token).</summary>
    public IoBinding CreateIoBinding() => new(this);

    /// <summary>Runs the model over a binding; the outputs are read from <see cref="IoBinding.GetOutputs"/>.</summary>
    public void Run(IoBinding binding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(binding);
        cancellationToken.ThrowIfCancellationRequested();
        using var session = Handle.Use();
        using var bound = binding.Handle.Use();
        using var run = RunScope.Start(_runtime, cancellationToken);
        run.ThrowIfFailed(_runtime.Api->RunWithBinding(session.Pointer, run.Pointer, bound.Pointer));
    }

    public void Dispose()
    {
        Handle.Dispose();
        _inputNames.Dispose();
        _outputNames.Dispose();
    }

    private static nint NamePointer(string name, Utf8Strings known, Dictionary<string, int> index, List<nint> adHoc)
    {
        if (index.TryGetValue(name, out var i))
        {
            return (nint)known[i];
        }

        // An unknown name goes through as is, so ONNX Runtime reports it in its own words.
        var p = Utf8Strings.Allocate(name);
        adHoc.Add(p);
        return p;
    }

    private List<NodeMetadata> ReadNodes(bool isInput)
    {
        var api = _runtime.Api;
        using var session = Handle.Use();
        nuint count;
        _runtime.Check(isInput ? api->SessionGetInputCount(session.Pointer, &count) : api->SessionGetOutputCount(session.Pointer, &count));
        var list = new List<NodeMetadata>((int)count);
        for (nuint i = 0; i < count; i++)
        {
            byte* rawName;
            _runtime.Check(isInput
                ? api->SessionGetInputName(session.Pointer, i, _runtime.DefaultAllocator, &rawName)
                : api->SessionGetOutputName(session.Pointer, i, _runtime.DefaultAllocator, &rawName));
            string name;
            try
            {
                name = Marshal.PtrToStringUTF8((nint)rawName) ?? string.Empty;
            }
            finally
            {
                _runtime.FreeAllocated(rawName);
            }

            nint typeInfo;
            _runtime.Check(isInput
                ? api->SessionGetInputTypeInfo(session.Pointer, i, &typeInfo)
                : api->SessionGetOutputTypeInfo(session.Pointer, i, &typeInfo));
            try
            {
                list.Add(ReadNode(name, typeInfo));
            }
            finally
            {
                api->ReleaseTypeInfo(typeInfo);
            }
        }

        return list;
    }

    private NodeMetadata ReadNode(string name, nint typeInfo)
    {
        var api = _runtime.Api;
        OnnxValueType valueType;
        _runtime.Check(api->GetOnnxTypeFromTypeInfo(typeInfo, &valueType));
        if (valueType != OnnxValueType.Tensor)
        {
            return new NodeMetadata(name, valueType, TensorElementType.Undefined, [], []);
        }

        nint tensorInfo; // owned by typeInfo: not released separately
        _runtime.Check(api->CastTypeInfoToTensorInfo(typeInfo, &tensorInfo));
        TensorElementType elementType;
        _runtime.Check(api->GetTensorElementType(tensorInfo, &elementType));
        nuint rank;
        _runtime.Check(api->GetDimensionsCount(tensorInfo, &rank));
        var dims = new long[(int)rank];
        var symbolic = new nint[(int)rank];
        fixed (long* d = dims)
        fixed (nint* s = symbolic)
        {
            _runtime.Check(api->GetDimensions(tensorInfo, d, rank));
            _runtime.Check(api->GetSymbolicDimensions(tensorInfo, (byte**)s, rank));
        }

        var names = symbolic.Select(p => p == 0 ? string.Empty : Marshal.PtrToStringUTF8(p) ?? string.Empty).ToArray();
        return new NodeMetadata(name, valueType, elementType, dims, names);
    }
}
