using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Taco.Imaging.Processing;

/// <summary>
/// Two-pass (vertical, horizontal) resampling of 8-bit RGB with per-axis kernels and a float
/// intermediate. The vertical pass works on whole rows and is vectorised; the pass order is chosen
/// so the scalar horizontal pass touches as few rows as possible.
/// </summary>
internal static class SeparableResampler
{
    internal static RgbImage Resize(RgbImage image, int width, int height, ResampleFilter horizontalFilter, ResampleFilter verticalFilter)
    {
        var horizontal = ResampleKernel.Build(image.Width, width, horizontalFilter);
        var vertical = ResampleKernel.Build(image.Height, height, verticalFilter);
        var output = new byte[checked(width * height * 3)];
        var src = image.Pixels;
        var srcRow = image.Width * 3;
        var dstRow = width * 3;

        if (height <= image.Height)
        {
            // Vertical first: the horizontal pass then runs on the (fewer) output rows, one at a time.
            // One spare float at the end lets the horizontal taps load 4 lanes for the last pixel.
            var accumulator = new float[srcRow + 1];
            for (var y = 0; y < height; y++)
            {
                accumulator.AsSpan().Clear();
                var first = vertical.Start[y];
                var weights = vertical.WeightsOf(y);
                for (var k = 0; k < weights.Length; k++)
                {
                    MultiplyAddBytes(src.Slice((first + k) * srcRow, srcRow), weights[k], accumulator.AsSpan(0, srcRow));
                }

                HorizontalToBytes(accumulator, horizontal, output.AsSpan(y * dstRow, dstRow));
            }
        }
        else
        {
            // Horizontal first on the source rows, then vertical (enlarging) on whole float rows.
            var rows = new float[checked(image.Height * dstRow)];
            var rowBuffer = new float[srcRow + 1]; // spare float as above
            for (var y = 0; y < image.Height; y++)
            {
                TensorPrimitives.ConvertTruncating<byte, float>(src.Slice(y * srcRow, srcRow), rowBuffer.AsSpan(0, srcRow));
                Horizontal(rowBuffer, horizontal, rows.AsSpan(y * dstRow, dstRow));
            }

            var accumulator = new float[dstRow];
            for (var y = 0; y < height; y++)
            {
                accumulator.AsSpan().Clear();
                var first = vertical.Start[y];
                var weights = vertical.WeightsOf(y);
                for (var k = 0; k < weights.Length; k++)
                {
                    TensorPrimitives.MultiplyAdd(rows.AsSpan((first + k) * dstRow, dstRow), weights[k], accumulator, accumulator);
                }

                ToBytes(accumulator, output.AsSpan(y * dstRow, dstRow));
            }
        }

        return new RgbImage(width, height, output);
    }

    /// <summary>accumulator[i] += weight · source[i], widening bytes to floats 32 at a time.</summary>
    private static void MultiplyAddBytes(ReadOnlySpan<byte> source, float weight, Span<float> accumulator)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var s = ref MemoryMarshal.GetReference(source);
            ref var a = ref MemoryMarshal.GetReference(accumulator);
            var w = Vector256.Create(weight);
            for (; i <= source.Length - 32; i += 32)
            {
                var bytes = Vector256.LoadUnsafe(ref s, (nuint)i);
                var (low, high) = Vector256.Widen(bytes);
                var (w0, w1) = Vector256.Widen(low);
                var (w2, w3) = Vector256.Widen(high);
                Step(ref a, i, w0, w);
                Step(ref a, i + 8, w1, w);
                Step(ref a, i + 16, w2, w);
                Step(ref a, i + 24, w3, w);
            }
        }

        for (; i < source.Length; i++)
        {
            accumulator[i] += weight * source[i];
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Step(ref float a, int at, Vector256<uint> values, Vector256<float> w)
        {
            var sum = Vector256.LoadUnsafe(ref a, (nuint)at) + (Vector256.ConvertToSingle(values.AsInt32()) * w);
            sum.StoreUnsafe(ref a, (nuint)at);
        }
    }

    private static void Horizontal(ReadOnlySpan<float> source, ResampleKernel kernel, Span<float> destination)
    {
        for (var x = 0; x < destination.Length / 3; x++)
        {
            var rgb = Tap(source, kernel, x);
            destination[3 * x] = rgb.GetElement(0);
            destination[(3 * x) + 1] = rgb.GetElement(1);
            destination[(3 * x) + 2] = rgb.GetElement(2);
        }
    }

    private static void HorizontalToBytes(ReadOnlySpan<float> source, ResampleKernel kernel, Span<byte> destination)
    {
        for (var x = 0; x < destination.Length / 3; x++)
        {
            var rgb = Tap(source, kernel, x);
            destination[3 * x] = ToByte(rgb.GetElement(0));
            destination[(3 * x) + 1] = ToByte(rgb.GetElement(1));
            destination[(3 * x) + 2] = ToByte(rgb.GetElement(2));
        }
    }

    /// <summary>
    /// The weighted sum of the taps for output pixel <paramref name="x"/>, R, G, B in lanes 0–2: each tap
    /// loads 4 floats (its RGB and the next pixel's R, ignored), so <paramref name="source"/> needs one spare
    /// float after its last pixel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Tap(ReadOnlySpan<float> source, ResampleKernel kernel, int x)
    {
        var weights = kernel.WeightsOf(x);
        var pixel = source.Slice(kernel.Start[x] * 3, (weights.Length * 3) + 1); // one bounds check for all taps
        ref var p = ref MemoryMarshal.GetReference(pixel);
        var sum = Vector128<float>.Zero;
        for (var k = 0; k < weights.Length; k++)
        {
            sum += Vector128.LoadUnsafe(ref p, (nuint)(3 * k)) * Vector128.Create(weights[k]);
        }

        return sum;
    }

    /// <summary>Rounds half up and saturates to 0–255; <paramref name="source"/> is scratch and gets overwritten.</summary>
    private static void ToBytes(Span<float> source, Span<byte> destination)
    {
        TensorPrimitives.Add(source, 0.5f, source);
        TensorPrimitives.ConvertSaturating<float, byte>(source, destination);
    }

    // Round half up and clamp: Lanczos overshoots below 0 and above 255 at edges.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte ToByte(float value) => (byte)Math.Clamp((int)(value + 0.5f), 0, 255);
}
