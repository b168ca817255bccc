using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Taco.Imaging;

/// <summary>Images → normalised float tensors in CHW layout (channel planes R, G, B), as vision encoders take them.</summary>
public static class ImageTensor
{
    // pshufb masks gathering one channel of 16 interleaved RGB pixels (48 bytes in three vectors);
    // 0xFF lanes become zero so the three partial gathers can be OR-ed together.
    private static readonly Vector128<byte>[] Gather = BuildGatherMasks();

    /// <summary>Resizes to <paramref name="width"/> × <paramref name="height"/> (<see cref="RgbImage.Resize"/>) and normalises.</summary>
    public static float[] Preprocess(RgbImage image, int width, int height, ChannelNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(image);
        return ToChw(image.Resize(width, height), normalization);
    }

    /// <summary>
    /// Resizes and normalises into <paramref name="destination"/> (3 × width × height floats, e.g. a slot of a
    /// reused input buffer), so steady-state preprocessing allocates no tensor.
    /// </summary>
    public static void Preprocess(RgbImage image, int width, int height, ChannelNormalization normalization, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        WriteChw(image.Resize(width, height), normalization, destination);
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

        // (v·r − m)/s folded into v·(r/s) + (−m/s), computed identically on the vector and scalar paths.
        Span<float> scale = stackalloc float[3];
        Span<float> offset = stackalloc float[3];
        for (var c = 0; c < 3; c++)
        {
            scale[c] = normalization.RescaleFactor / normalization.Std[c];
            offset[c] = -normalization.Mean[c] / normalization.Std[c];
        }

        var pixels = image.Pixels;
        ref var source = ref MemoryMarshal.GetReference(pixels);
        ref var red = ref MemoryMarshal.GetReference(destination);
        ref var green = ref Unsafe.Add(ref red, plane);
        ref var blue = ref Unsafe.Add(ref red, 2 * plane);
        var i = 0;
        if (Ssse3.IsSupported)
        {
            var (sr, sg, sb) = (Vector128.Create(scale[0]), Vector128.Create(scale[1]), Vector128.Create(scale[2]));
            var (or, og, ob) = (Vector128.Create(offset[0]), Vector128.Create(offset[1]), Vector128.Create(offset[2]));
            for (; i <= plane - 16; i += 16)
            {
                ref var p = ref Unsafe.Add(ref source, 3 * i);
                var v0 = Vector128.LoadUnsafe(ref p);
                var v1 = Vector128.LoadUnsafe(ref p, 16);
                var v2 = Vector128.LoadUnsafe(ref p, 32);
                Store(Channel(v0, v1, v2, 0), sr, or, ref red, i);
                Store(Channel(v0, v1, v2, 1), sg, og, ref green, i);
                Store(Channel(v0, v1, v2, 2), sb, ob, ref blue, i);
            }
        }

        for (; i < plane; i++)
        {
            Unsafe.Add(ref red, i) = (pixels[3 * i] * scale[0]) + offset[0];
            Unsafe.Add(ref green, i) = (pixels[(3 * i) + 1] * scale[1]) + offset[1];
            Unsafe.Add(ref blue, i) = (pixels[(3 * i) + 2] * scale[2]) + offset[2];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Channel(Vector128<byte> v0, Vector128<byte> v1, Vector128<byte> v2, int channel) =>
        Ssse3.Shuffle(v0, Gather[3 * channel]) | Ssse3.Shuffle(v1, Gather[(3 * channel) + 1]) | Ssse3.Shuffle(v2, Gather[(3 * channel) + 2]);

    /// <summary>Widens 16 bytes to floats, applies v·scale + offset and stores them at destination[at..at+16].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector128<byte> values, Vector128<float> scale, Vector128<float> offset, ref float destination, int at)
    {
        var (low, high) = Vector128.Widen(values);
        var (a, b) = Vector128.Widen(low);
        var (c, d) = Vector128.Widen(high);
        ((Vector128.ConvertToSingle(a.AsInt32()) * scale) + offset).StoreUnsafe(ref destination, (nuint)at);
        ((Vector128.ConvertToSingle(b.AsInt32()) * scale) + offset).StoreUnsafe(ref destination, (nuint)(at + 4));
        ((Vector128.ConvertToSingle(c.AsInt32()) * scale) + offset).StoreUnsafe(ref destination, (nuint)(at + 8));
        ((Vector128.ConvertToSingle(d.AsInt32()) * scale) + offset).StoreUnsafe(ref destination, (nuint)(at + 12));
    }

    private static Vector128<byte>[] BuildGatherMasks()
    {
        var masks = new Vector128<byte>[9];
        Span<byte> lanes = stackalloc byte[16];
        for (var channel = 0; channel < 3; channel++)
        {
            for (var part = 0; part < 3; part++)
            {
                for (var pixel = 0; pixel < 16; pixel++)
                {
                    var offset = (3 * pixel) + channel - (16 * part);
                    lanes[pixel] = offset is >= 0 and < 16 ? (byte)offset : (byte)0xFF;
                }

                masks[(3 * channel) + part] = Vector128.Create<byte>(lanes);
            }
        }

        return masks;
    }
}
