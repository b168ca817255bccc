namespace Taco.Imaging.Processing;

/// <summary>Rectangle outlines drawn straight into an RGB buffer, clipped to the image.</summary>
internal static class RectangleOutline
{
    internal static void Draw(Span<byte> data, int width, int height, PixelRect rect, Rgb color, int lineWidth)
    {
        var clip = rect.ClampTo(width, height);
        if (clip.IsEmpty)
        {
            return;
        }

        // The outline is every pixel of the rectangle within lineWidth of its (unclipped) edge.
        var innerLeft = rect.X + lineWidth;
        var innerRight = rect.Right - lineWidth;
        for (var y = clip.Y; y < clip.Bottom; y++)
        {
            var row = data.Slice(y * width * 3, width * 3);
            if (y < rect.Y + lineWidth || y >= rect.Bottom - lineWidth || innerLeft >= innerRight)
            {
                FillSpan(row, clip.X, clip.Right, color);
            }
            else
            {
                FillSpan(row, clip.X, Math.Min(innerLeft, clip.Right), color);
                FillSpan(row, Math.Max(innerRight, clip.X), clip.Right, color);
            }
        }
    }

    private static void FillSpan(Span<byte> row, int from, int to, Rgb color)
    {
        for (var x = from; x < to; x++)
        {
            row[3 * x] = color.R;
            row[(3 * x) + 1] = color.G;
            row[(3 * x) + 2] = color.B;
        }
    }
}
