namespace Taco.Imaging.Processing;

/// <summary>Undoes an EXIF orientation (1–8) so the pixels are upright, as TIFF/EXIF 2.3 defines the tag.</summary>
internal static class Orientation
{
    internal static RgbImage Apply(RgbImage image, int orientation)
    {
        int w = image.Width, h = image.Height;
        var swaps = orientation >= 5;
        var (outW, outH) = swaps ? (h, w) : (w, h);
        var row = 3 * w;

        // The source pixel shown at upright (x, y) is origin + x·stepX + y·stepY (in bytes), so the inner
        // loop is a strided copy with no per-pixel branching (phone photos are 12 MP and often turned).
        var (origin, stepX, stepY) = orientation switch
        {
            2 => (row - 3, -3, row),                        // mirrored horizontally: (w−1−x, y)
            3 => ((h * row) - 3, -3, -row),                 // rotated 180°: (w−1−x, h−1−y)
            4 => ((h - 1) * row, 3, -row),                  // mirrored vertically: (x, h−1−y)
            5 => (0, row, 3),                               // transposed: (y, x)
            6 => ((h - 1) * row, -row, 3),                  // stored turned anticlockwise: (y, h−1−x)
            7 => ((h * row) - 3, -row, -3),                 // transversed: (w−1−y, h−1−x)
            8 => (row - 3, row, -3),                        // stored turned clockwise: (w−1−y, x)
            _ => (0, 3, row),
        };

        // Tiles keep both the rows written and the source columns read (for the 90° cases) in cache.
        const int Tile = 32;
        var src = image.Pixels;
        var dst = new byte[src.Length];
        for (var ty = 0; ty < outH; ty += Tile)
        {
            for (var tx = 0; tx < outW; tx += Tile)
            {
                var yEnd = Math.Min(ty + Tile, outH);
                var xEnd = Math.Min(tx + Tile, outW);
                for (var y = ty; y < yEnd; y++)
                {
                    var s = origin + (y * stepY) + (tx * stepX);
                    var d = 3 * ((y * outW) + tx);
                    for (var x = tx; x < xEnd; x++, s += stepX, d += 3)
                    {
                        dst[d] = src[s];
                        dst[d + 1] = src[s + 1];
                        dst[d + 2] = src[s + 2];
                    }
                }
            }
        }

        return new RgbImage(outW, outH, dst);
    }
}
