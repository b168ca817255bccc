using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Taco.Imaging.Interop;

/// <summary>
/// The Leptonica-backed operations, each taking and returning managed images so no PIX escapes
/// this folder. Pixels cross the boundary as 32-bit words 0xRRGGBBAA (Leptonica's layout).
/// </summary>
internal static unsafe class LeptonicaImaging
{
    private static readonly Vector128<byte> WordsToRgb = Vector128.Create((byte)3, 2, 1, 7, 6, 5, 11, 10, 9, 15, 14, 13, 0xFF, 0xFF, 0xFF, 0xFF);

    /// <summary>Decodes with Leptonica; returns null with the collected Leptonica messages on failure.</summary>
    internal static RgbImage? Decode(ReadOnlySpan<byte> data, ImageFormat format, long maxPixels, out string messages)
    {
        LeptonicaLibrary.EnsureLoaded();
        LeptonicaLibrary.TakeMessages();
        nint raw = 0;
        var length = (nuint)data.Length;
        string codecMessages;
        fixed (byte* p = data)
        {
            var address = (nint)p;
            codecMessages = CStderrCapture.Run(() =>
            {
                raw = format == ImageFormat.Jpeg
                    // cmapflag 0: never a colormap; reduction 1: full size; hint 0. CMYK is converted to RGB by Leptonica.
                    ? Leptonica.pixReadMemJpeg((byte*)address, length, 0, 1, null, 0)
                    : Leptonica.pixReadMem((byte*)address, length);
            });
        }

        var pix = PixHandle.FromPointer(raw);
        using (pix)
        {
            messages = string.Join(' ', new[] { LeptonicaLibrary.TakeMessages(), codecMessages }.Where(m => m.Length > 0));
            if (pix.IsInvalid)
            {
                return null;
            }

            var width = Leptonica.pixGetWidth(pix);
            var height = Leptonica.pixGetHeight(pix);
            if (width <= 0 || height <= 0 || (long)width * height > maxPixels)
            {
                // The header said otherwise (e.g. a TIFF whose first IFD lies); refuse all the same.
                messages = $"decoded size {width}×{height} is empty or above the limit of {maxPixels} pixels";
                return null;
            }

            // libtiff's RGBA reader (used by Leptonica) premultiplies colour by alpha; the other codecs do not.
            return ToRgb(pix, premultipliedAlpha: format == ImageFormat.Tiff);
        }
    }

    internal static byte[] EncodePng(RgbImage image, int compressionLevel) => Encode(
        image,
        (pix, data, size) => Leptonica.pixSetZlibCompression(pix, compressionLevel) != 0 ? 1 : Leptonica.pixWriteMemPng(data, size, pix, 0f),
        "pixWriteMemPng");

    internal static byte[] EncodeJpeg(RgbImage image, int quality) =>
        Encode(image, (pix, data, size) => Leptonica.pixWriteMemJpeg(data, size, pix, quality, 0), "pixWriteMemJpeg");

    private delegate int Writer(PixHandle pix, byte** data, nuint* size);

    private static byte[] Encode(RgbImage image, Writer write, string function)
    {
        LeptonicaLibrary.EnsureLoaded();
        using var pix = FromRgb(image);
        byte* data = null;
        nuint size = 0;
        LeptonicaLibrary.TakeMessages();
        var status = 0;
        var dataAddress = (nint)(&data);
        var sizeAddress = (nint)(&size);
        var codecMessages = CStderrCapture.Run(() => status = write(pix, (byte**)dataAddress, (nuint*)sizeAddress));
        try
        {
            if (status != 0 || data is null)
            {
                throw new InvalidOperationException($"Leptonica {function} failed: {LeptonicaLibrary.TakeMessages()} {codecMessages}");
            }

            return new ReadOnlySpan<byte>(data, checked((int)size)).ToArray();
        }
        finally
        {
            if (data is not null)
            {
                Leptonica.lept_free(data);
            }
        }
    }

    private static PixHandle FromRgb(RgbImage image)
    {
        var pix = PixHandle.FromPointer(Leptonica.pixCreate(image.Width, image.Height, 32));
        ThrowIfInvalid(pix, "pixCreate");
        Leptonica.pixSetSpp(pix, 3);
        var data = Leptonica.pixGetData(pix);
        var wpl = Leptonica.pixGetWpl(pix);
        var src = image.Pixels;
        var width = image.Width;
        for (var y = 0; y < image.Height; y++)
        {
            var row = src.Slice(y * width * 3, width * 3);
            var line = data + ((nint)y * wpl);
            for (var x = 0; x < width; x++)
            {
                line[x] = ((uint)row[3 * x] << 24) | ((uint)row[(3 * x) + 1] << 16) | ((uint)row[(3 * x) + 2] << 8) | 0xFF;
            }
        }

        return pix;
    }

    private static RgbImage ToRgb(PixHandle pix, bool premultipliedAlpha)
    {
        if (Leptonica.pixGetDepth(pix) != 32 || Leptonica.pixGetColormap(pix) != 0)
        {
            // 1/2/4/8/16 bpp grey and colormapped images become 32-bit RGB (colormap alpha is kept as spp 4).
            using var converted = PixHandle.FromPointer(Leptonica.pixConvertTo32(pix));
            ThrowIfInvalid(converted, "pixConvertTo32");
            return ToRgb(converted, premultipliedAlpha);
        }

        var width = Leptonica.pixGetWidth(pix);
        var height = Leptonica.pixGetHeight(pix);
        var hasAlpha = Leptonica.pixGetSpp(pix) == 4;
        var data = Leptonica.pixGetData(pix);
        var wpl = Leptonica.pixGetWpl(pix);
        var pixels = new byte[checked(width * height * 3)];
        for (var y = 0; y < height; y++)
        {
            var line = data + ((nint)y * wpl);
            var row = pixels.AsSpan(y * width * 3, width * 3);
            var x = 0;
            if (!hasAlpha && Ssse3.IsSupported)
            {
                // 4 words (bytes A,B,G,R each, little-endian) → 12 RGB bytes per step. The 16-byte store spills
                // 4 bytes into the next row, which is written afterwards; stop before spilling past the array.
                var rowStart = y * width * 3;
                fixed (byte* output = pixels)
                {
                    for (; x + 4 <= width && rowStart + (3 * x) + 16 <= pixels.Length; x += 4)
                    {
                        var words = Vector128.Load((byte*)(line + x));
                        Ssse3.Shuffle(words, WordsToRgb).Store(output + rowStart + (3 * x));
                    }
                }
            }

            for (; x < width; x++)
            {
                var word = line[x];
                byte r = (byte)(word >> 24), g = (byte)(word >> 16), b = (byte)(word >> 8);
                if (hasAlpha)
                {
                    int a = (byte)word;
                    r = premultipliedAlpha ? PremultipliedOverWhite(r, a) : OverWhite(r, a);
                    g = premultipliedAlpha ? PremultipliedOverWhite(g, a) : OverWhite(g, a);
                    b = premultipliedAlpha ? PremultipliedOverWhite(b, a) : OverWhite(b, a);
                }

                row[3 * x] = r;
                row[(3 * x) + 1] = g;
                row[(3 * x) + 2] = b;
            }
        }

        return new RgbImage(width, height, pixels);
    }

    // Straight (non-premultiplied) alpha composited on white, rounded to nearest.
    private static byte OverWhite(byte c, int a) => (byte)(((c * a) + (255 * (255 - a)) + 127) / 255);

    // Colour already multiplied by alpha: c + white·(1 − α), clamped for inconsistent files where c > α.
    private static byte PremultipliedOverWhite(byte c, int a) => (byte)Math.Min(255, c + 255 - a);

    private static void ThrowIfInvalid(PixHandle pix, string function)
    {
        if (pix.IsInvalid)
        {
            throw new InvalidOperationException($"Leptonica {function} failed: {LeptonicaLibrary.TakeMessages()}");
        }
    }
}
