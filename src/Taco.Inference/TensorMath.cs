using Taco.Onnx;

namespace Taco.Inference;

/// <summary>Reads and writes float32 / float16 tensors as float, so fp16 graphs need no separate code path.</summary>
internal static class TensorMath
{
    public static void ReadFloats(OrtValue value, Span<float> destination, int offset)
    {
        switch (value.ElementType)
        {
            case TensorElementType.Float:
                value.GetTensorSpan<float>().Slice(offset, destination.Length).CopyTo(destination);
                break;
            case TensorElementType.Float16:
                var halves = value.GetTensorSpan<Half>().Slice(offset, destination.Length);
                for (var i = 0; i < halves.Length; i++)
                {
                    destination[i] = (float)halves[i];
                }

                break;
            default:
                throw new InvalidOperationException($"Expected a float32 or float16 tensor, got {value.ElementType}.");
        }
    }

    public static void WriteFloats(OrtValue value, ReadOnlySpan<float> source, int offset)
    {
        switch (value.ElementType)
        {
            case TensorElementType.Float:
                source.CopyTo(value.GetTensorSpan<float>().Slice(offset, source.Length));
                break;
            case TensorElementType.Float16:
                var halves = value.GetTensorSpan<Half>().Slice(offset, source.Length);
                for (var i = 0; i < source.Length; i++)
                {
                    halves[i] = (Half)source[i];
                }

                break;
            default:
                throw new InvalidOperationException($"Expected a float32 or float16 tensor, got {value.ElementType}.");
        }
    }

    /// <summary>A tensor of <paramref name="elementType"/> (float32 or float16) holding <paramref name="values"/>.</summary>
    public static OrtValue FloatTensor(OnnxRuntime runtime, TensorElementType elementType, ReadOnlyMemory<float> values, ReadOnlySpan<long> shape)
    {
        var tensor = OrtValue.AllocateTensor(runtime, elementType, shape);
        try
        {
            WriteFloats(tensor, values.Span, 0);
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    public static long Product(IReadOnlyList<long> shape)
    {
        var n = 1L;
        foreach (var d in shape)
        {
            n *= d;
        }

        return n;
    }
}
