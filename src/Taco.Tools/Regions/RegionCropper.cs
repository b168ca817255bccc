using Taco.Imaging;

namespace Taco.Tools.Regions;

/// <summary>What Crop does to the pixels, shared with ZoomIn: the box cut out with its margin, outlined.</summary>
public static class RegionCropper
{
    /// <summary>PIL's <c>'yellow'</c>, the reference's outline colour.</summary>
    public static Rgb OutlineColor { get; } = new(255, 255, 0);

    /// <summary>The reference's outline width in pixels.</summary>
    public const int OutlineWidth = 4;

    public static RgbImage Crop(RgbImage image, BoundingBox box, double margin = RegionGeometry.DefaultMargin)
    {
        ArgumentNullException.ThrowIfNull(image);
        // Cut first, then outline in the cut's coordinates: the same pixels (outlines are clipped to the
        // image and measured from their unclipped edges) without drawing on a copy of the whole image.
        var window = RegionGeometry.CropWindow(box, image.Width, image.Height, margin);
        var outline = RegionGeometry.Outline(box, image.Width, image.Height);
        return image.Crop(window).DrawRectangle(outline with { X = outline.X - window.X, Y = outline.Y - window.Y }, OutlineColor, OutlineWidth);
    }
}
