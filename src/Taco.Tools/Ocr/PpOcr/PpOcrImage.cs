namespace Taco.Tools.Ocr.PpOcr;

/// <summary>
/// The pixel work of the PP-OCR pipeline on packed 8-bit RGB: resizing into the detector's tensor
/// and perspective-warping text quads into line images (Taco.Imaging's Lanczos resize then brings
/// them to the recognizer's height).
/// </summary>
internal static class PpOcrImage
{
    // PaddleOCR feeds its networks OpenCV's BGR channel order; the detector's ImageNet statistics are per that order.
    private static readonly float[] DetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] DetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>
    /// Bilinear resize (pixel centres aligned, as OpenCV's INTER_LINEAR) straight into a normalised
    /// BGR CHW tensor, so the resized image never exists as bytes.
    /// </summary>
    public static void ToDetectorTensor(ReadOnlySpan<byte> rgb, int width, int height, int newWidth, int newHeight, Span<float> tensor, PpOcrScaling scaling = PpOcrScaling.ImageNet)
    {
        var plane = newWidth * newHeight;
        var x0s = new int[newWidth];
        var x1s = new int[newWidth];
        var wxs = new float[newWidth];
        var sx = (double)width / newWidth;
        for (var x = 0; x < newWidth; x++)
        {
            var fx = Math.Clamp(((x + 0.5) * sx) - 0.5, 0, width - 1);
            var x0 = (int)fx;
            x0s[x] = x0 * 3;
            x1s[x] = Math.Min(x0 + 1, width - 1) * 3;
            wxs[x] = (float)(fx - x0);
        }

        // Fold 1/255, mean and std into one multiply-add per channel.
        Span<float> scale = stackalloc float[3];
        Span<float> offset = stackalloc float[3];
        for (var c = 0; c < 3; c++)
        {
            (scale[c], offset[c]) = Affine(scaling, c);
        }

        var sy = (double)height / newHeight;
        for (var y = 0; y < newHeight; y++)
        {
            var fy = Math.Clamp(((y + 0.5) * sy) - 0.5, 0, height - 1);
            var y0 = (int)fy;
            var y1 = Math.Min(y0 + 1, height - 1);
            var wy = (float)(fy - y0);
            var r0 = rgb.Slice(y0 * width * 3, width * 3);
            var r1 = rgb.Slice(y1 * width * 3, width * 3);
            var rowOffset = y * newWidth;
            for (var x = 0; x < newWidth; x++)
            {
                var a = x0s[x];
                var b = x1s[x];
                var wx = wxs[x];
                for (var c = 0; c < 3; c++)
                {
                    var top = r0[a + c] + ((r0[b + c] - r0[a + c]) * wx);
                    var bottom = r1[a + c] + ((r1[b + c] - r1[a + c]) * wx);
                    var v = top + ((bottom - top) * wy);
                    var bgr = 2 - c;
                    tensor[(bgr * plane) + rowOffset + x] = (v * scale[bgr]) + offset[bgr];
                }
            }
        }
    }

    /// <summary>
    /// Perspective warp of <paramref name="quad"/> (tl, tr, br, bl as x,y pairs) onto an
    /// <paramref name="outWidth"/>×<paramref name="outHeight"/> RGB image, edges replicated.
    /// When the quad is shrunk a lot each output pixel averages <paramref name="samples"/>² points, so small renderings of big text do not alias.
    /// </summary>
    public static byte[] Warp(ReadOnlySpan<byte> rgb, int width, int height, ReadOnlySpan<double> quad, int outWidth, int outHeight, int samples)
    {
        var h = Homography(outWidth, outHeight, quad);
        var dst = new byte[outWidth * outHeight * 3];
        var n = samples * samples;
        Span<float> acc = stackalloc float[3];
        for (var v = 0; v < outHeight; v++)
        {
            for (var u = 0; u < outWidth; u++)
            {
                acc.Clear();
                for (var j = 0; j < samples; j++)
                {
                    var dv = v + ((j + 0.5) / samples);
                    for (var i = 0; i < samples; i++)
                    {
                        var du = u + ((i + 0.5) / samples);
                        var wz = (h[6] * du) + (h[7] * dv) + 1;
                        var x = (((h[0] * du) + (h[1] * dv) + h[2]) / wz) - 0.5;
                        var y = (((h[3] * du) + (h[4] * dv) + h[5]) / wz) - 0.5;
                        Sample(rgb, width, height, x, y, acc);
                    }
                }

                var o = ((v * outWidth) + u) * 3;
                dst[o] = (byte)((acc[0] / n) + 0.5f);
                dst[o + 1] = (byte)((acc[1] / n) + 0.5f);
                dst[o + 2] = (byte)((acc[2] / n) + 0.5f);
            }
        }

        return dst;
    }

    /// <summary>A copy of a packed RGB image turned half a turn.</summary>
    public static byte[] Rotated180(byte[] rgb)
    {
        var copy = (byte[])rgb.Clone();
        Rotate180(copy);
        return copy;
    }

    /// <summary>
    /// The LED view of a line image, as gray RGB: each pixel the brightest of its three channels, then
    /// box-blurred over (2r+1)² pixels with edges replicated (r = 0: no blur). Width is the row length in pixels.
    /// </summary>
    public static byte[] LedView(byte[] rgb, int width, int radius)
    {
        var pixels = rgb.Length / 3;
        var height = pixels / width;
        var gray = new float[pixels];
        for (var p = 0; p < pixels; p++)
        {
            gray[p] = Math.Max(rgb[3 * p], Math.Max(rgb[(3 * p) + 1], rgb[(3 * p) + 2]));
        }

        if (radius > 0)
        {
            var n = (2 * radius) + 1;
            var rows = new float[pixels];
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    float sum = 0;
                    for (var k = -radius; k <= radius; k++)
                    {
                        sum += gray[(y * width) + Math.Clamp(x + k, 0, width - 1)];
                    }

                    rows[(y * width) + x] = sum / n;
                }
            }

            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    float sum = 0;
                    for (var k = -radius; k <= radius; k++)
                    {
                        sum += rows[(Math.Clamp(y + k, 0, height - 1) * width) + x];
                    }

                    // Rounded to bytes as the two-pass blur of an 8-bit image would be.
                    gray[(y * width) + x] = (float)Math.Floor((sum / n) + 0.5f);
                }
            }
        }

        var view = new byte[rgb.Length];
        for (var p = 0; p < pixels; p++)
        {
            view[3 * p] = view[(3 * p) + 1] = view[(3 * p) + 2] = (byte)gray[p];
        }

        return view;
    }

    /// <summary>The mean over pixels of max(R,G,B) − min(R,G,B): 0 for a gray image.</summary>
    public static double MeanChroma(byte[] rgb)
    {
        long sum = 0;
        for (var p = 0; p < rgb.Length; p += 3)
        {
            sum += Math.Max(rgb[p], Math.Max(rgb[p + 1], rgb[p + 2])) - Math.Min(rgb[p], Math.Min(rgb[p + 1], rgb[p + 2]));
        }

        return rgb.Length == 0 ? 0 : sum / (rgb.Length / 3.0);
    }

    /// <summary>Turns a packed RGB image half a turn in place (the 180° classifier's fix).</summary>
    public static void Rotate180(byte[] rgb)
    {
        var pixels = rgb.Length / 3;
        for (int a = 0, b = pixels - 1; a < b; a++, b--)
        {
            for (var c = 0; c < 3; c++)
            {
                (rgb[(a * 3) + c], rgb[(b * 3) + c]) = (rgb[(b * 3) + c], rgb[(a * 3) + c]);
            }
        }
    }

    /// <summary>
    /// Writes a line image (height = tensor height) into one item of a [N,3,H,W] tensor as BGR scaled to −1…1,
    /// squeezed horizontally when wider than the slot, the rest left at 0 (PaddleOCR's padding).
    /// </summary>
    public static void ToLineTensor(byte[] rgb, int width, int height, Span<float> item, int slotWidth, PpOcrScaling scaling = PpOcrScaling.Signed)
    {
        var (scale, offset) = Affine(scaling, 0);
        var plane = slotWidth * height;
        var used = Math.Min(width, slotWidth);
        var sx = (double)width / used;
        for (var y = 0; y < height; y++)
        {
            var row = rgb.AsSpan(y * width * 3, width * 3);
            for (var x = 0; x < used; x++)
            {
                float r, g, b;
                if (used == width)
                {
                    (r, g, b) = (row[x * 3], row[(x * 3) + 1], row[(x * 3) + 2]);
                }
                else
                {
                    var fx = Math.Clamp(((x + 0.5) * sx) - 0.5, 0, width - 1);
                    var x0 = (int)fx;
                    var x1 = Math.Min(x0 + 1, width - 1);
                    var w = (float)(fx - x0);
                    r = row[x0 * 3] + ((row[x1 * 3] - row[x0 * 3]) * w);
                    g = row[(x0 * 3) + 1] + ((row[(x1 * 3) + 1] - row[(x0 * 3) + 1]) * w);
                    b = row[(x0 * 3) + 2] + ((row[(x1 * 3) + 2] - row[(x0 * 3) + 2]) * w);
                }

                var p = (y * slotWidth) + x;
                item[p] = (b * scale) + offset;
                item[plane + p] = (g * scale) + offset;
                item[(2 * plane) + p] = (r * scale) + offset;
            }
        }
    }

    // Scale and offset taking a byte of channel c (in BGR order) to the network's input value.
    private static (float Scale, float Offset) Affine(PpOcrScaling scaling, int c) => scaling switch
    {
        PpOcrScaling.ImageNet => (1f / (255f * DetStd[c]), -DetMean[c] / DetStd[c]),
        PpOcrScaling.Signed => (1f / 127.5f, -1f),
        PpOcrScaling.Unit => (1f / 255f, 0f),
        _ => throw new ArgumentOutOfRangeException(nameof(scaling), scaling, "unknown pixel scaling"),
    };

    private static void Sample(ReadOnlySpan<byte> rgb, int width, int height, double x, double y, Span<float> acc)
    {
        x = Math.Clamp(x, 0, width - 1);
        y = Math.Clamp(y, 0, height - 1);
        var x0 = (int)x;
        var y0 = (int)y;
        var x1 = Math.Min(x0 + 1, width - 1);
        var y1 = Math.Min(y0 + 1, height - 1);
        var wx = (float)(x - x0);
        var wy = (float)(y - y0);
        var p00 = ((y0 * width) + x0) * 3;
        var p01 = ((y0 * width) + x1) * 3;
        var p10 = ((y1 * width) + x0) * 3;
        var p11 = ((y1 * width) + x1) * 3;
        for (var c = 0; c < 3; c++)
        {
            var top = rgb[p00 + c] + ((rgb[p01 + c] - rgb[p00 + c]) * wx);
            var bottom = rgb[p10 + c] + ((rgb[p11 + c] - rgb[p10 + c]) * wx);
            acc[c] += top + ((bottom - top) * wy);
        }
    }

    // The 3×3 projective map (h22 = 1) taking the output rectangle's corners to the quad's, by Gaussian elimination on the 8 unknowns.
    private static double[] Homography(int outWidth, int outHeight, ReadOnlySpan<double> quad)
    {
        ReadOnlySpan<double> us = [0, outWidth, outWidth, 0];
        ReadOnlySpan<double> vs = [0, 0, outHeight, outHeight];
        var m = new double[8, 9];
        for (var k = 0; k < 4; k++)
        {
            double u = us[k], v = vs[k], x = quad[2 * k], y = quad[(2 * k) + 1];
            m[2 * k, 0] = u;
            m[2 * k, 1] = v;
            m[2 * k, 2] = 1;
            m[2 * k, 6] = -u * x;
            m[2 * k, 7] = -v * x;
            m[2 * k, 8] = x;
            m[(2 * k) + 1, 3] = u;
            m[(2 * k) + 1, 4] = v;
            m[(2 * k) + 1, 5] = 1;
            m[(2 * k) + 1, 6] = -u * y;
            m[(2 * k) + 1, 7] = -v * y;
            m[(2 * k) + 1, 8] = y;
        }

        for (var col = 0; col < 8; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < 8; r++)
            {
                if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = r;
                }
            }

            for (var c = 0; c < 9; c++)
            {
                (m[col, c], m[pivot, c]) = (m[pivot, c], m[col, c]);
            }

            var d = m[col, col];
            if (Math.Abs(d) < 1e-12)
            {
                throw new InvalidOperationException("degenerate text box (its corners are collinear)");
            }

            for (var r = 0; r < 8; r++)
            {
                if (r == col)
                {
                    continue;
                }

                var f = m[r, col] / d;
                for (var c = col; c < 9; c++)
                {
                    m[r, c] -= f * m[col, c];
                }
            }
        }

        var h = new double[8];
        for (var i = 0; i < 8; i++)
        {
            h[i] = m[i, 8] / m[i, i];
        }

        return h;
    }
}
