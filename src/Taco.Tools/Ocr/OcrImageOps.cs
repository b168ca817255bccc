using Taco.Imaging;

namespace Taco.Tools.Ocr;

/// <summary>The few pixel operations OCR preparation needs, on 8-bit gray.</summary>
internal static class OcrImageOps
{
    public static byte[] ToGray(RgbImage image)
    {
        var w = image.Width;
        var gray = new byte[w * image.Height];
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            var dst = gray.AsSpan(y * w, w);
            for (var x = 0; x < w; x++)
            {
                // ITU-R BT.601 luma in fixed point, as most OCR pipelines use (grey replicated into R, G, B stays itself).
                var p = row.Slice(x * 3, 3);
                dst[x] = (byte)(((p[0] * 19595) + (p[1] * 38470) + (p[2] * 7471) + 32768) >> 16);
            }
        }

        return gray;
    }

    /// <summary>Linear stretch of the 1st–99th percentile to the full range; a no-op on already-contrasty images.</summary>
    public static void StretchContrast(byte[] gray)
    {
        Span<int> histogram = stackalloc int[256];
        foreach (var v in gray)
        {
            histogram[v]++;
        }

        var clip = gray.Length / 100;
        int low = 0, high = 255, acc = 0;
        while (low < 255 && (acc += histogram[low]) <= clip)
        {
            low++;
        }

        acc = 0;
        while (high > 0 && (acc += histogram[high]) <= clip)
        {
            high--;
        }

        if (high - low < 8 || (low == 0 && high == 255))
        {
            return;
        }

        Span<byte> map = stackalloc byte[256];
        for (var v = 0; v < 256; v++)
        {
            map[v] = (byte)Math.Clamp((v - low) * 255 / (high - low), 0, 255);
        }

        for (var k = 0; k < gray.Length; k++)
        {
            gray[k] = map[gray[k]];
        }
    }

    /// <summary>Bilinear enlargement (scale &gt; 1), pixel centres aligned.</summary>
    public static byte[] Resize(byte[] gray, int width, int height, int newWidth, int newHeight)
    {
        var dst = new byte[newWidth * newHeight];
        var sx = (double)width / newWidth;
        var sy = (double)height / newHeight;
        var x0s = new int[newWidth];
        var x1s = new int[newWidth];
        var fxs = new int[newWidth];
        for (var x = 0; x < newWidth; x++)
        {
            var fx = Math.Max(0, ((x + 0.5) * sx) - 0.5);
            var x0 = Math.Min((int)fx, width - 1);
            x0s[x] = x0;
            x1s[x] = Math.Min(x0 + 1, width - 1);
            fxs[x] = (int)((fx - x0) * 256);
        }

        for (var y = 0; y < newHeight; y++)
        {
            var fy = Math.Max(0, ((y + 0.5) * sy) - 0.5);
            var y0 = Math.Min((int)fy, height - 1);
            var y1 = Math.Min(y0 + 1, height - 1);
            var wy = (int)((fy - y0) * 256);
            var r0 = gray.AsSpan(y0 * width, width);
            var r1 = gray.AsSpan(y1 * width, width);
            var d = dst.AsSpan(y * newWidth, newWidth);
            for (var x = 0; x < newWidth; x++)
            {
                var wx = fxs[x];
                var top = (r0[x0s[x]] * (256 - wx)) + (r0[x1s[x]] * wx);
                var bottom = (r1[x0s[x]] * (256 - wx)) + (r1[x1s[x]] * wx);
                d[x] = (byte)(((top * (256 - wy)) + (bottom * wy) + 32768) >> 16);
            }
        }

        return dst;
    }
}
