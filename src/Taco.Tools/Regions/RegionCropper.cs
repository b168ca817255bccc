using Taco.Imaging;

namespace Taco.Tools.Regions;

/// <summary>What Crop does to the pixels, shared with ZoomIn: outline the box, then cut it out with its margin.</summary>
public static class RegionCropper
{
    /// <summary>PIL's <c>'yellow'</c>, the reference's outline colour.</summary>
    public static Rgb OutlineColor { get; } = new(255, 255, 0);

    /// <summary>The reference's outline width in pixels.</summary>
    public const int OutlineWidth = 4;

    public static RgbImage Crop(RgbImage image, BoundingBox box, double margin = RegionGeometry.DefaultMargin)
    {
        ArgumentNullException.ThrowIfNull(image);
        var outlined = image.DrawRectangle(RegionGeometry.Outline(box, image.Width, image.Height), OutlineColor, OutlineWidth);
        return outlined.Crop(RegionGeometry.CropWindow(box, image.Width, image.Height, margin));
    }
}
