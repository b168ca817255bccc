namespace Taco.Imaging.Processing;

/// <summary>
/// For each output index along one axis: the first input index and the normalised weights of the
/// inputs that follow it. Pixel centres are aligned (output i sits at input (i + 0.5)·in/out − 0.5).
/// </summary>
internal sealed class ResampleKernel
{
    private const double LanczosLobes = 3.0;
    private const double CubicA = -0.5;

    private readonly float[] weights;
    private readonly int[] count;

    private ResampleKernel(int[] start, int[] count, float[] weights, int stride)
    {
        Start = start;
        this.count = count;
        this.weights = weights;
        Stride = stride;
    }

    public int[] Start { get; }

    public int Stride { get; }

    public ReadOnlySpan<float> WeightsOf(int i) => weights.AsSpan(i * Stride, count[i]);

    public static ResampleKernel Build(int inSize, int outSize, ResampleFilter filter)
    {
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = filter switch
        {
            ResampleFilter.Area => scale / 2,
            ResampleFilter.Bilinear => filterScale,
            ResampleFilter.Bicubic => 2 * filterScale,
            _ => LanczosLobes * filterScale,
        };

        var stride = (int)Math.Ceiling(2 * support) + 2;
        var start = new int[outSize];
        var count = new int[outSize];
        var weights = new float[outSize * stride];
        var taps = new double[stride];
        for (var i = 0; i < outSize; i++)
        {
            var center = (i + 0.5) * scale;
            var first = Math.Max((int)Math.Floor(center - support), 0);
            var last = Math.Min((int)Math.Ceiling(center + support), inSize); // exclusive
            var n = Math.Min(last - first, stride);
            double total = 0;
            for (var k = 0; k < n; k++)
            {
                var j = first + k;
                taps[k] = filter switch
                {
                    // Overlap of input pixel [j, j+1) with the output footprint [center − s/2, center + s/2).
                    ResampleFilter.Area => Math.Max(0, Math.Min(j + 1, center + support) - Math.Max(j, center - support)),
                    ResampleFilter.Bilinear => Math.Max(0, 1 - Math.Abs((j + 0.5 - center) / filterScale)),
                    ResampleFilter.Bicubic => Cubic((j + 0.5 - center) / filterScale),
                    _ => Lanczos((j + 0.5 - center) / filterScale),
                };
                total += taps[k];
            }

            // Drop zero taps at both ends so the inner loops do no useless work.
            var lo = 0;
            while (lo < n - 1 && taps[lo] == 0)
            {
                lo++;
            }

            var hi = n;
            while (hi > lo + 1 && taps[hi - 1] == 0)
            {
                hi--;
            }

            for (var k = lo; k < hi; k++)
            {
                weights[(i * stride) + k - lo] = (float)(total != 0 ? taps[k] / total : 0);
            }

            start[i] = first + lo;
            count[i] = hi - lo;
        }

        return new ResampleKernel(start, count, weights, stride);
    }

    private static double Lanczos(double x)
    {
        if (x is <= -LanczosLobes or >= LanczosLobes)
        {
            return 0;
        }

        return Sinc(x) * Sinc(x / LanczosLobes);
    }

    private static double Cubic(double x)
    {
        x = Math.Abs(x);
        if (x < 1)
        {
            return ((((CubicA + 2) * x) - (CubicA + 3)) * x * x) + 1;
        }

        return x < 2 ? (((((x - 5) * x) + 8) * x) - 4) * CubicA : 0;
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
}
