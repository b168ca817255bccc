using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Taco.Imaging;

/// <summary>Images → normalised float tensors in CHW layout (channel planes R, G, B), as vision encoders take them.</summary>
public static class ImageTensor
{
    /// <summary>Resizes to <paramref name="width"/> × <paramref name="height"/> (<see cref="RgbImage.Resize"/>) and normalises.</summary>
    public static float[] Preprocess(RgbImage image, int width, int height, ChannelNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(image);
        return ToChw(image.Resize(width, height), normalization);
    }

    /// <summary>A new <c>[3, Height, Width]</c> tensor of the image's normalised values.</summary>
    public static float[] ToChw(RgbImage image, ChannelNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(image);
        var tensor = new float[3 * image.Width * image.Height];
        WriteChw(image, normalization, tensor);
        return tensor;
    }

    /// <summary>
    /// Writes the <c>[3, Height, Width]</c> tensor into <paramref name="destination"/> (e.g. one batch slot
    /// of a larger input buffer), which must hold exactly 3 × Width × Height floats.
    /// </summary>
    public static void WriteChw(RgbImage image, ChannelNormalization normalization, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(normalization);
        var plane = image.Width * image.Height;
        if (destination.Length != 3 * plane)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats; a {image.Width}×{image.Height} image needs {3 * plane}.", nameof(destination));
        }

        var red = destination[..plane];
        var green = destination.Slice(plane, plane);
        var blue = destination.Slice(2 * plane, plane);
        Deinterleave(image.Pixels, red, green, blue);

        // (v·r − m)/s folded into v·(r/s) + (−m/s): two vectorised passes over each plane.
        for (var c = 0; c < 3; c++)
        {
            var channel = destination.Slice(c * plane, plane);
            var scale = normalization.RescaleFactor / normalization.Std[c];
            var offset = -normalization.Mean[c] / normalization.Std[c];
            TensorPrimitives.Multiply(channel, scale, channel);
            TensorPrimitives.Add(channel, offset, channel);
        }
    }

    private static void Deinterleave(ReadOnlySpan<byte> rgb, Span<float> red, Span<float> green, Span<float> blue)
    {
        // Lengths were checked by the caller (rgb = 3 × each plane); refs avoid a bounds check per value.
        ref var source = ref MemoryMarshal.GetReference(rgb);
        ref var r = ref MemoryMarshal.GetReference(red);
        ref var g = ref MemoryMarshal.GetReference(green);
        ref var b = ref MemoryMarshal.GetReference(blue);
        for (nint i = 0, p = 0; i < red.Length; i++, p += 3)
        {
            Unsafe.Add(ref r, i) = Unsafe.Add(ref source, p);
            Unsafe.Add(ref g, i) = Unsafe.Add(ref source, p + 1);
            Unsafe.Add(ref b, i) = Unsafe.Add(ref source, p + 2);
        }
    }
}
