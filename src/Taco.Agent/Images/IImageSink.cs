using Taco.Tools;

namespace Taco.Agent.Images;

/// <summary>
/// Where a tool that makes a picture (Crop, ZoomIn, LocalizeObjects…) puts it: the
/// conversation names it with the next id (<c>image-n</c>). Tools reach it by testing
/// <see cref="ToolContext.Images"/> for this interface.
/// </summary>
public interface IImageSink
{
    ImageRef Add(PixelBuffer image);
}
