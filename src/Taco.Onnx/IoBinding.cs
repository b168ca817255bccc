using System.Runtime.InteropServices;
using Taco.Onnx.Interop;

namespace Taco.Onnx;

/// <summary>
/// Inputs and outputs bound once and reused across runs. Outputs are either preallocated values
/// (filled in place) or left to ONNX Runtime on the CPU; in both cases a value from one run can be
/// bound as the next run's input without a copy — what the generation loop does with KV caches.
/// </summary>
public sealed unsafe class IoBinding : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OnnxRuntime _runtime;

    // Bound managed-memory tensors must stay pinned while bound: hold them.
    private readonly Dictionary<string, OrtValue> _inputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OrtValue> _outputs = new(StringComparer.Ordinal);

    internal IoBinding(InferenceSession session)
    {
        _session = session;
        _runtime = session.Runtime;
        using var s = session.Handle.Use();
        nint native;
        _runtime.Check(_runtime.Api->CreateIoBinding(s.Pointer, &native));
        Handle = new OrtHandle(native, _runtime.Api->ReleaseIoBinding, session.Handle);
    }

    internal OrtHandle Handle { get; }

    public void BindInput(string name, OrtValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var n = new Utf8Strings([name]);
        using var b = Handle.Use();
        using var v = value.Handle.Use();
        _runtime.Check(_runtime.Api->BindInput(b.Pointer, n[0], v.Pointer));
        _inputs[name] = value;
    }

    /// <summary>Binds a preallocated output: each run writes into its memory.</summary>
    public void BindOutput(string name, OrtValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var n = new Utf8Strings([name]);
        using var b = Handle.Use();
        using var v = value.Handle.Use();
        _runtime.Check(_runtime.Api->BindOutput(b.Pointer, n[0], v.Pointer));
        _outputs[name] = value;
    }

    /// <summary>Binds an output whose shape is only known after the run; ONNX Runtime allocates it on the CPU.</summary>
    public void BindOutputToCpu(string name)
    {
        using var n = new Utf8Strings([name]);
        using var b = Handle.Use();
        using var info = _runtime.CpuMemoryInfo.Use();
        _runtime.Check(_runtime.Api->BindOutputToDevice(b.Pointer, n[0], info.Pointer));
        _outputs.Remove(name);
    }

    public void ClearInputs()
    {
        using var b = Handle.Use();
        _runtime.Api->ClearBoundInputs(b.Pointer);
        _inputs.Clear();
    }

    public void ClearOutputs()
    {
        using var b = Handle.Use();
        _runtime.Api->ClearBoundOutputs(b.Pointer);
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
        var api = _runtime.Api;
        using var b = Handle.Use();
        byte* buffer;
        nuint* lengths;
        nuint count;
        _runtime.Check(api->GetBoundOutputNames(b.Pointer, _runtime.DefaultAllocator, &buffer, &lengths, &count));
        var names = new string[(int)count];
        try
        {
            var offset = 0;
            for (var i = 0; i < (int)count; i++)
            {
                var len = (int)lengths[i];
                names[i] = Marshal.PtrToStringUTF8((nint)(buffer + offset), len);
                offset += len;
            }
        }
        finally
        {
            _runtime.FreeAllocated(buffer);
            _runtime.FreeAllocated(lengths);
        }

        if (count == 0)
        {
            return new OrtValueCollection([], []);
        }

        nint* values;
        nuint valueCount;
        _runtime.Check(api->GetBoundOutputValues(b.Pointer, _runtime.DefaultAllocator, &values, &valueCount));
        try
        {
            var result = new OrtValue[(int)valueCount];
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = new OrtValue(_runtime, new OrtHandle(values[i], api->ReleaseValue));
            }

            return new OrtValueCollection(names, result);
        }
        finally
        {
            _runtime.FreeAllocated(values);
        }
    }

    public void Dispose() => Handle.Dispose();
}
