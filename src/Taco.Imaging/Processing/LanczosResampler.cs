using System.Numerics.Tensors;

namespace Taco.Imaging.Processing;

/// <summary>
/// Separable Lanczos-3 resampling, the filter PIL calls LANCZOS: pixel centres aligned, the kernel
/// widened by the scale factor when shrinking so it also anti-aliases. Leptonica has no such filter.
/// Float intermediate (PIL keeps 8 bits between passes), so results may differ from PIL by a level.
/// </summary>
internal static class LanczosResampler
{
    private const double Support = 3.0;

    internal static RgbImage Resize(RgbImage image, int width, int height)
    {
        var horizontal = Kernel.Build(image.Width, width);
        var vertical = Kernel.Build(image.Height, height);

        // Pass 1: every source row resampled horizontally into floats.
        var rows = new float[checked(image.Height * width * 3)];
        var src = image.Pixels;
        for (var y = 0; y < image.Height; y++)
        {
            var srcRow = src.Slice(y * image.Stride, image.Stride);
            var dstRow = rows.AsSpan(y * width * 3, width * 3);
            for (var x = 0; x < width; x++)
            {
                var start = horizontal.Start[x];
                var weights = horizontal.WeightsOf(x);
                float r = 0, g = 0, b = 0;
                for (var k = 0; k < weights.Length; k++)
                {
                    var p = (start + k) * 3;
                    var wk = weights[k];
                    r += wk * srcRow[p];
                    g += wk * srcRow[p + 1];
                    b += wk * srcRow[p + 2];
                }

                dstRow[3 * x] = r;
                dstRow[(3 * x) + 1] = g;
                dstRow[(3 * x) + 2] = b;
            }
        }

        // Pass 2: each output row is a weighted sum of whole intermediate rows (vectorised).
        var rowLength = width * 3;
        var accumulator = new float[rowLength];
        var output = new byte[checked(width * height * 3)];
        for (var y = 0; y < height; y++)
        {
            accumulator.AsSpan().Clear();
            var start = vertical.Start[y];
            var weights = vertical.WeightsOf(y);
            for (var k = 0; k < weights.Length; k++)
            {
                TensorPrimitives.MultiplyAdd(rows.AsSpan((start + k) * rowLength, rowLength), weights[k], accumulator, accumulator);
            }

            var outRow = output.AsSpan(y * rowLength, rowLength);
            for (var i = 0; i < rowLength; i++)
            {
                outRow[i] = (byte)Math.Clamp((int)MathF.Round(accumulator[i]), 0, 255);
            }
        }

        return new RgbImage(width, height, output);
    }

    private static double Lanczos(double x)
    {
        if (x is <= -Support or >= Support)
        {
            return 0;
        }

        return Sinc(x) * Sinc(x / Support);
    }

    private static double Sinc(double x)
    {
        if (x == 0)
        {
            return 1;
        }

        var px = Math.PI * x;
        return Math.Sin(px) / px;
    }

    /// <summary>For each output index: the first input index and the normalised weights that follow it.</summary>
    private sealed class Kernel
    {
        private readonly float[] weights;
        private readonly int[] count;
        private readonly int stride;

        private Kernel(int[] start, int[] count, float[] weights, int stride)
        {
            Start = start;
            this.count = count;
            this.weights = weights;
            this.stride = stride;
        }

        public int[] Start { get; }

        public ReadOnlySpan<float> WeightsOf(int i) => weights.AsSpan(i * stride, count[i]);

        public static Kernel Build(int inSize, int outSize)
        {
            var scale = (double)inSize / outSize;
            var filterScale = Math.Max(scale, 1.0);
            var support = Support * filterScale;
            var stride = (int)Math.Ceiling(support) * 2 + 1;
            var start = new int[outSize];
            var count = new int[outSize];
            var weights = new float[outSize * stride];
            var taps = new double[stride];
            for (var i = 0; i < outSize; i++)
            {
                var center = (i + 0.5) * scale;
                var min = Math.Max((int)(center - support + 0.5), 0);
                var n = Math.Min((int)(center + support + 0.5), inSize) - min;
                n = Math.Min(n, stride);
                double total = 0;
                for (var k = 0; k < n; k++)
                {
                    taps[k] = Lanczos((k + min - center + 0.5) / filterScale);
                    total += taps[k];
                }

                for (var k = 0; k < n; k++)
                {
                    weights[(i * stride) + k] = (float)(total != 0 ? taps[k] / total : 0);
                }

                start[i] = min;
                count[i] = n;
            }

            return new Kernel(start, count, weights, stride);
        }
    }
}
