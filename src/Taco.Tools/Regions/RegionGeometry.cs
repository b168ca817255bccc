using Taco.Imaging;

namespace Taco.Tools.Regions;

/// <summary>
/// The pixel arithmetic of TACO's Crop and ZoomIn, kept apart from the pixels so it can be
/// checked exactly: the outline PIL's <c>ImageDraw.rectangle</c> draws for a fractional box,
/// the crop window with half the box's size added as margin, and the zoomed size.
/// </summary>
public static class RegionGeometry
{
    /// <summary>The reference adds half the box's width and height (a quarter on each side) as context.</summary>
    public const double DefaultMargin = 0.5;

    /// <summary>
    /// The rectangle whose outline is drawn: PIL truncates the scaled corners to whole pixels and
    /// includes the right and bottom ones, so the exclusive edges are one further.
    /// </summary>
    public static PixelRect Outline(BoundingBox box, int width, int height)
    {
        CheckBox(box);
        var left = (int)(box.Left * width);
        var top = (int)(box.Top * height);
        var right = Math.Max((int)(box.Right * width), left);
        var bottom = Math.Max((int)(box.Bottom * height), top);
        return PixelRect.FromEdges(left, top, right + 1, bottom + 1);
    }

    /// <summary>
    /// The crop window: the box grown by <paramref name="margin"/> of its size around its centre,
    /// clamped to the image, edges truncated to whole pixels (the reference's <c>expand_bbox</c>).
    /// A box thinner than a pixel still yields one pixel rather than an empty image.
    /// </summary>
    public static PixelRect CropWindow(BoundingBox box, int width, int height, double margin = DefaultMargin)
    {
        CheckBox(box);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (!(margin >= 0) || double.IsInfinity(margin))
        {
            throw new ArgumentOutOfRangeException(nameof(margin), margin, "The margin must be a finite number ≥ 0.");
        }

        var (left, right) = Expand(box.Left * width, box.Right * width, width, margin);
        var (top, bottom) = Expand(box.Top * height, box.Bottom * height, height, margin);
        return PixelRect.FromEdges(left, top, right, bottom);
    }

    /// <summary>
    /// <c>int(size · factor)</c> per side as the reference computes it, then scaled down (aspect kept)
    /// so the longer side is at most <paramref name="maxSide"/> — unless the crop itself is already
    /// larger, in which case the zoom keeps the crop's size rather than shrink it.
    /// </summary>
    public static (int Width, int Height) ZoomedSize(int width, int height, double factor, int maxSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSide);
        if (!(factor > 1) || double.IsInfinity(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The zoom factor must be a finite number greater than 1.");
        }

        var w = Math.Floor(width * factor);
        var h = Math.Floor(height * factor);
        var limit = Math.Max(maxSide, Math.Max(width, height));
        var longest = Math.Max(w, h);
        if (longest > limit)
        {
            var scale = limit / longest;
            w = Math.Floor(w * scale);
            h = Math.Floor(h * scale);
        }

        return ((int)Math.Max(w, 1), (int)Math.Max(h, 1));
    }

    private static (int Start, int End) Expand(double start, double end, int size, double margin)
    {
        var extent = (end - start) * (1 + margin);
        var center = start + ((end - start) / 2);
        var first = (int)Math.Max(0, center - (extent / 2));
        var last = (int)Math.Min(size, center + (extent / 2));
        if (last <= first)
        {
            // Sub-pixel box: keep the pixel it lies in.
            first = Math.Min(first, size - 1);
            last = first + 1;
        }

        return (first, last);
    }

    /// <summary>The reference's two box errors (outside 0–1, or not left &lt; right and top &lt; bottom); shared with the depth tool.</summary>
    internal static void CheckBox(BoundingBox box)
    {
        if (!(box.Left >= 0 && box.Top >= 0 && box.Right <= 1 && box.Bottom <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(box), box, ToolArgumentValidator.BBoxRangeMessage + ".");
        }

        if (!(box.Left < box.Right && box.Top < box.Bottom))
        {
            throw new ArgumentOutOfRangeException(nameof(box), box, "Bounding box must have left < right and top < bottom.");
        }
    }
}
