using System.Buffers;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Taco.Onnx;

/// <summary>
/// A tensor known to ONNX Runtime. Created over managed memory (pinned, not copied) or returned by
/// a run (memory owned by ONNX Runtime, read in place through <see cref="GetTensorSpan{T}"/>).
/// A thin owner of the official package's <see cref="Ort.OrtValue"/> that keeps taco's shape of the API.
/// </summary>
public sealed unsafe class OrtValue : IDisposable
{
    private MemoryHandle _pin;
    private long[]? _shape;
    private TensorElementType _elementType = (TensorElementType)(-1);

    internal OrtValue(Ort.OrtValue native, MemoryHandle pin = default)
    {
        Native = native;
        _pin = pin;
    }

    internal Ort.OrtValue Native { get; }

    public bool IsDisposed { get; private set; }

    /// <summary>A tensor over <paramref name="data"/> without copying; the memory stays pinned until disposal.</summary>
    public static OrtValue CreateTensor<T>(OnnxRuntime runtime, Memory<T> data, ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var elementType = ElementTypeOf<T>();
        var count = ElementCount(shape);
        if (count != data.Length)
        {
            throw new ArgumentException(
                $"Tensor shape [{string.Join(", ", shape.ToArray())}] holds {count} elements but the buffer has {data.Length}.", nameof(data));
        }

        return CreatePinned(runtime, elementType, data.Pin(), checked(data.Length * sizeof(T)), shape);
    }

    /// <summary>A tensor of any fixed-size element type over raw little-endian bytes, without copying.</summary>
    public static OrtValue CreateTensor(OnnxRuntime runtime, TensorElementType elementType, Memory<byte> data, ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var expected = ElementCount(shape) * SizeOf(elementType);
        if (expected != data.Length)
        {
            throw new ArgumentException(
                $"Tensor shape [{string.Join(", ", shape.ToArray())}] of {elementType} needs {expected} bytes but the buffer has {data.Length}.", nameof(data));
        }

        return CreatePinned(runtime, elementType, data.Pin(), data.Length, shape);
    }

    private static OrtValue CreatePinned(OnnxRuntime runtime, TensorElementType elementType, MemoryHandle pin, int byteLength, ReadOnlySpan<long> shape)
    {
        try
        {
            var native = Ort.OrtValue.CreateTensorValueWithData(
                Ort.OrtMemoryInfo.DefaultInstance, (Ort.Tensors.TensorElementType)elementType, shape.ToArray(), (nint)pin.Pointer, byteLength);
            return new OrtValue(native, pin);
        }
        catch (Ort.OnnxRuntimeException error)
        {
            pin.Dispose();
            throw OrtException.From(error);
        }
        catch
        {
            pin.Dispose();
            throw;
        }
    }

    public static OrtValue CreateTensor<T>(OnnxRuntime runtime, T[] data, params long[] shape)
        where T : unmanaged => CreateTensor(runtime, data.AsMemory(), shape);

    /// <summary>A tensor whose memory ONNX Runtime allocates (zero-filled here, so its contents are defined).</summary>
    public static OrtValue AllocateTensor(OnnxRuntime runtime, TensorElementType elementType, ReadOnlySpan<long> shape)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        Ort.OrtValue native;
        try
        {
            native = Ort.OrtValue.CreateAllocatedTensorValue(Ort.OrtAllocator.DefaultInstance, (Ort.Tensors.TensorElementType)elementType, shape.ToArray());
        }
        catch (Ort.OnnxRuntimeException error)
        {
            throw OrtException.From(error);
        }

        var result = new OrtValue(native);
        result.RawBytes().Clear();
        return result;
    }

    public TensorElementType ElementType
    {
        get
        {
            if ((int)_elementType < 0)
            {
                ReadTypeAndShape();
            }

            return _elementType;
        }
    }

    /// <summary>The tensor's dimensions.</summary>
    public IReadOnlyList<long> Shape
    {
        get
        {
            if (_shape is null)
            {
                ReadTypeAndShape();
            }

            return _shape!;
        }
    }

    public long ElementCountOfShape
    {
        get
        {
            if (_shape is null)
            {
                ReadTypeAndShape();
            }

            return ElementCount(_shape!);
        }
    }

    /// <summary>The tensor's elements in place (no copy). Valid until the value is disposed.</summary>
    public Span<T> GetTensorSpan<T>()
        where T : unmanaged
    {
        var expected = ElementTypeOf<T>();
        if (ElementType != expected)
        {
            throw new InvalidOperationException($"Tensor holds {ElementType}, not {expected} ({typeof(T).Name}).");
        }

        return new Span<T>(DataPointer(), checked((int)ElementCountOfShape));
    }

    public T[] ToArray<T>()
        where T : unmanaged => GetTensorSpan<T>().ToArray();

    public void Dispose()
    {
        IsDisposed = true;
        Native.Dispose();
        _pin.Dispose();
        _pin = default;
    }

    internal static TensorElementType ElementTypeOf<T>()
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return TensorElementType.Float;
        }

        if (typeof(T) == typeof(Half))
        {
            return TensorElementType.Float16;
        }

        if (typeof(T) == typeof(long))
        {
            return TensorElementType.Int64;
        }

        if (typeof(T) == typeof(int))
        {
            return TensorElementType.Int32;
        }

        if (typeof(T) == typeof(bool))
        {
            return TensorElementType.Bool;
        }

        if (typeof(T) == typeof(byte))
        {
            return TensorElementType.UInt8;
        }

        if (typeof(T) == typeof(sbyte))
        {
            return TensorElementType.Int8;
        }

        if (typeof(T) == typeof(short))
        {
            return TensorElementType.Int16;
        }

        if (typeof(T) == typeof(ushort))
        {
            return TensorElementType.UInt16;
        }

        if (typeof(T) == typeof(uint))
        {
            return TensorElementType.UInt32;
        }

        if (typeof(T) == typeof(ulong))
        {
            return TensorElementType.UInt64;
        }

        if (typeof(T) == typeof(double))
        {
            return TensorElementType.Double;
        }

        throw new NotSupportedException($"No ONNX tensor element type for {typeof(T).Name}.");
    }

    /// <summary>Bytes per element of a fixed-size element type.</summary>
    public static int SizeOf(TensorElementType type) => type switch
    {
        TensorElementType.Float or TensorElementType.Int32 or TensorElementType.UInt32 => 4,
        TensorElementType.Float16 or TensorElementType.BFloat16 or TensorElementType.Int16 or TensorElementType.UInt16 => 2,
        TensorElementType.Int64 or TensorElementType.UInt64 or TensorElementType.Double or TensorElementType.Complex64 => 8,
        TensorElementType.Bool or TensorElementType.UInt8 or TensorElementType.Int8 => 1,
        TensorElementType.Complex128 => 16,
        _ => throw new NotSupportedException($"Element type {type} has no fixed size."),
    };

    /// <summary>The tensor's bytes in place, whatever its element type.</summary>
    public Span<byte> RawBytes() =>
        new(DataPointer(), checked((int)(ElementCountOfShape * SizeOf(ElementType))));

    private static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Tensor dimensions must be non-negative, got [{string.Join(", ", shape.ToArray())}].", nameof(shape));
            }

            count = checked(count * d);
        }

        return count;
    }

    private void* DataPointer()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        fixed (byte* data = Native.GetTensorMutableRawData())
        {
            // ONNX Runtime owns or pins the memory for the value's life: the pointer stays valid after the fixed block.
            return data;
        }
    }

    private void ReadTypeAndShape()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (!Native.IsTensor)
        {
            throw new InvalidOperationException($"Value is a {(OnnxValueType)Native.OnnxType}, not a tensor.");
        }

        var info = Native.GetTensorTypeAndShape();
        _shape = info.Shape;
        _elementType = (TensorElementType)info.ElementDataType;
    }
}
