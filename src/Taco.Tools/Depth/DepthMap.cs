using System.Numerics.Tensors;
using Taco.Imaging;
using Taco.Tools.Regions;
using Taco.Tools.Values;

namespace Taco.Tools.Depth;

/// <summary>
/// A relative inverse-depth map at the image's resolution (larger = closer, as
/// Depth-Anything predicts it), row-major. TACO's region value flips it to
/// <c>max − d</c> so that smaller means closer.
/// </summary>
public sealed class DepthMap
{
    private readonly float[] _values;

    public DepthMap(int width, int height, float[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(values);
        if ((long)width * height != values.Length)
        {
            throw new ArgumentException($"A {width}×{height} map needs {(long)width * height} values; got {values.Length}.", nameof(values));
        }

        Width = width;
        Height = height;
        _values = values;
        var max = float.NegativeInfinity;
        var min = float.PositiveInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
            min = Math.Min(min, v);
        }

        Max = max;
        Min = min;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Inverse depth, row-major (<c>y · Width + x</c>).</summary>
    public ReadOnlySpan<float> Values => _values;

    public float Max { get; }

    public float Min { get; }

    public float this[int x, int y] => _values[(y * Width) + x];

    /// <summary>
    /// TACO's <c>EstimateRegionDepth</c> value: the mean of <c>max − d</c> over the box's rows
    /// <c>int(t·H) … int(b·H)−1</c> and columns <c>int(l·W) … int(r·W)−1</c>, rounded to 2 decimals
    /// as Python's <c>round</c> does. A box thinner than a pixel still covers the pixel it lies in.
    /// </summary>
    public double RegionDepth(BoundingBox box)
    {
        RegionGeometry.CheckBox(box);

        var (x0, x1) = Span(box.Left, box.Right, Width);
        var (y0, y1) = Span(box.Top, box.Bottom, Height);
        double sum = 0;
        for (var y = y0; y < y1; y++)
        {
            var row = _values.AsSpan((y * Width) + x0, x1 - x0);
            foreach (var v in row)
            {
                sum += (double)Max - v;
            }
        }

        return PythonFloat.Round(sum / ((double)(x1 - x0) * (y1 - y0)), 2);
    }

    /// <summary>
    /// Resizes a model-resolution map to the image's size with bilinear interpolation and
    /// half-pixel centres (PyTorch's <c>interpolate(mode="bilinear", align_corners=False)</c>).
    /// </summary>
    public static DepthMap Resize(ReadOnlySpan<float> source, int sourceWidth, int sourceHeight, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (source.Length != sourceWidth * sourceHeight)
        {
            throw new ArgumentException($"A {sourceWidth}×{sourceHeight} map needs {sourceWidth * sourceHeight} values; got {source.Length}.", nameof(source));
        }

        var xs = Taps(sourceWidth, width);
        var ys = Taps(sourceHeight, height);
        var output = new float[checked(width * height)];

        // Vertical blend of two source rows (vectorised), then a horizontal gather; the blended row is
        // reused while consecutive output rows share the same source rows and weight (enlarging).
        var blended = new float[sourceWidth];
        (int, int, float) current = (-1, -1, float.NaN);
        for (var y = 0; y < height; y++)
        {
            if (ys[y] != current)
            {
                current = ys[y];
                var (y0, y1, wy) = current;
                TensorPrimitives.Lerp(source.Slice(y0 * sourceWidth, sourceWidth), source.Slice(y1 * sourceWidth, sourceWidth), wy, blended);
            }

            var dst = output.AsSpan(y * width, width);
            for (var x = 0; x < width; x++)
            {
                var (x0, x1, wx) = xs[x];
                dst[x] = blended[x0] + ((blended[x1] - blended[x0]) * wx);
            }
        }

        return new DepthMap(width, height, output);
    }

    /// <summary>
    /// A colour picture of the map for people and traces: near (large inverse depth) bright
    /// yellow, far dark purple, scaled between the map's own minimum and maximum.
    /// </summary>
    public RgbImage ToColorImage()
    {
        var pixels = new byte[checked(Width * Height * 3)];
        var range = Max - Min;
        var scale = range > 0 ? 1f / range : 0f;
        for (var i = 0; i < _values.Length; i++)
        {
            var color = DepthColormap.At((_values[i] - Min) * scale);
            pixels[3 * i] = color.R;
            pixels[(3 * i) + 1] = color.G;
            pixels[(3 * i) + 2] = color.B;
        }

        return new RgbImage(Width, Height, pixels);
    }

    /// <summary>Writes <see cref="ToColorImage"/> as PNG.</summary>
    public void SaveColorPng(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllBytes(path, ImageEncoder.EncodePng(ToColorImage()));
    }

    private static (int First, int Last) Span(double start, double end, int size)
    {
        var first = Math.Min((int)(start * size), size - 1);
        var last = Math.Min((int)(end * size), size);
        return (first, Math.Max(last, first + 1));
    }

    private static (int I0, int I1, float W)[] Taps(int inSize, int outSize)
    {
        var taps = new (int, int, float)[outSize];
        var scale = (double)inSize / outSize;
        for (var i = 0; i < outSize; i++)
        {
            var src = Math.Max(0, ((i + 0.5) * scale) - 0.5);
            var i0 = Math.Min((int)src, inSize - 1);
            var i1 = Math.Min(i0 + 1, inSize - 1);
            taps[i] = (i0, i1, (float)(src - i0));
        }

        return taps;
    }
}
