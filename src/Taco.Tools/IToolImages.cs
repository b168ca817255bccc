namespace Taco.Tools;

/// <summary>
/// The conversation's images as tools see them. Implemented by the agent over its image
/// store (decoded by Taco.Imaging); kept to raw pixels here so tools do not depend on a codec.
/// </summary>
public interface IToolImages
{
    int Count { get; }

    PixelBuffer GetPixels(ImageRef image);
}
