using Taco.Imaging;

namespace Taco.Tools;

/// <summary>
/// Where a tool that makes a picture (Crop, ZoomIn, LocalizeObjects…) puts it: the
/// conversation names it with the next id (<c>image-n</c>). Tools reach it through
/// <see cref="ToolContext.AddImage"/>; the agent's image store implements it.
/// </summary>
public interface IImageSink
{
    ImageRef Add(RgbImage image);
}
