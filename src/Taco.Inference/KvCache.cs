using Taco.Onnx;

namespace Taco.Inference;

/// <summary>
/// The decoder's past keys/values: one tensor per <c>past_key_values.*</c> input, all with the same sequence
/// length. Starts empty (shapes from the input metadata: batch → 1, other symbolic dims → 0, element type as
/// declared, so fp16 caches work), takes ownership of each step's <c>present.*</c>, and can be truncated to
/// rewind a conversation.
/// </summary>
internal sealed class KvCache : IDisposable
{
    private readonly OnnxRuntime _runtime;
    private readonly NodeMetadata[] _inputs;
    private readonly int _sequenceAxis;
    private OrtValue[] _values;

    public KvCache(OnnxRuntime runtime, IReadOnlyList<NodeMetadata> pastInputs)
    {
        _runtime = runtime;
        _inputs = [.. pastInputs];
        var first = _inputs[0];
        _sequenceAxis = -1;
        for (var i = 0; i < first.Shape.Count; i++)
        {
            if (first.Shape[i] < 0 && !IsBatch(first.SymbolicDimensions[i]))
            {
                _sequenceAxis = i;
            }
        }

        if (_sequenceAxis < 0)
        {
            throw new Models.ModelLoadException($"Decoder input {first} has no dynamic sequence dimension, so it cannot hold a growing cache.");
        }

        _values = [.. _inputs.Select(Empty)];
    }

    /// <summary>Tokens whose keys/values the cache holds.</summary>
    public int Length { get; private set; }

    public IReadOnlyList<OrtValue> Values => _values;

    public TensorElementType ElementType => _inputs[0].ElementType;

    /// <summary>Bytes held by the cache tensors.</summary>
    public long ByteCount => _values.Sum(v => v.ElementCountOfShape * OrtValue.SizeOf(v.ElementType));

    /// <summary>Takes ownership of a step's presents (in the order of the past inputs), without a new array.</summary>
    public void Replace(ReadOnlySpan<OrtValue?> presents, int length)
    {
        if (presents.Length != _values.Length)
        {
            throw new ArgumentException($"The cache holds {_values.Length} tensors but {presents.Length} presents were given.", nameof(presents));
        }

        for (var i = 0; i < _values.Length; i++)
        {
            _values[i].Dispose();
            _values[i] = presents[i] ?? throw new ArgumentException($"Present {i} is missing.", nameof(presents));
        }

        Length = length;
    }

    /// <summary>Takes ownership of a step's presents (in the order of the past inputs).</summary>
    public void Replace(OrtValue[] presents, int length)
    {
        foreach (var value in _values)
        {
            value.Dispose();
        }

        _values = presents;
        Length = length;
    }

    /// <summary>Keeps the first <paramref name="length"/> positions (copies; the tensors are immutable to ONNX Runtime).</summary>
    public void Truncate(int length)
    {
        if (length >= Length)
        {
            return;
        }

        var truncated = new OrtValue[_values.Length];
        for (var i = 0; i < _values.Length; i++)
        {
            truncated[i] = length == 0 ? Empty(_inputs[i]) : Slice(_values[i], length);
        }

        Replace(truncated, length);
    }

    public void Dispose()
    {
        foreach (var value in _values)
        {
            value.Dispose();
        }
    }

    internal static bool IsBatch(string symbol) => symbol.Contains("batch", StringComparison.OrdinalIgnoreCase);

    private OrtValue Empty(NodeMetadata input)
    {
        var shape = new long[input.Shape.Count];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = input.Shape[i] >= 0 ? input.Shape[i] : IsBatch(input.SymbolicDimensions[i]) ? 1 : 0;
        }

        return OrtValue.AllocateTensor(_runtime, input.ElementType, shape);
    }

    private OrtValue Slice(OrtValue source, int length)
    {
        var shape = source.Shape.ToArray();
        var full = shape[_sequenceAxis];
        var outer = 1L;
        for (var i = 0; i < _sequenceAxis; i++)
        {
            outer *= shape[i];
        }

        var inner = (long)OrtValue.SizeOf(source.ElementType);
        for (var i = _sequenceAxis + 1; i < shape.Length; i++)
        {
            inner *= shape[i];
        }

        shape[_sequenceAxis] = length;
        var result = OrtValue.AllocateTensor(_runtime, source.ElementType, shape);
        var from = source.RawBytes();
        var to = result.RawBytes();
        var keep = checked((int)(length * inner));
        var stride = checked((int)(full * inner));
        for (var o = 0; o < outer; o++)
        {
            from.Slice(o * stride, keep).CopyTo(to.Slice(o * keep, keep));
        }

        return result;
    }
}
