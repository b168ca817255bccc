namespace Taco.Imaging.Processing;

/// <summary>Undoes an EXIF orientation (1–8) so the pixels are upright, as TIFF/EXIF 2.3 defines the tag.</summary>
internal static class Orientation
{
    internal static RgbImage Apply(RgbImage image, int orientation)
    {
        int w = image.Width, h = image.Height;
        var swaps = orientation >= 5;
        var (outW, outH) = swaps ? (h, w) : (w, h);
        var src = image.Pixels;
        var dst = new byte[src.Length];
        for (var y = 0; y < outH; y++)
        {
            for (var x = 0; x < outW; x++)
            {
                // Source pixel shown at (x, y) in the upright image.
                var (sx, sy) = orientation switch
                {
                    2 => (w - 1 - x, y),            // mirrored horizontally
                    3 => (w - 1 - x, h - 1 - y),    // rotated 180°
                    4 => (x, h - 1 - y),            // mirrored vertically
                    5 => (y, x),                    // transposed
                    6 => (y, h - 1 - x),            // stored rotated 90° anticlockwise: turn clockwise
                    7 => (w - 1 - y, h - 1 - x),    // transversed
                    8 => (w - 1 - y, x),            // stored rotated 90° clockwise: turn anticlockwise
                    _ => (x, y),
                };
                var s = (sy * w * 3) + (sx * 3);
                var d = (y * outW * 3) + (x * 3);
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }

        return new RgbImage(outW, outH, dst);
    }
}
