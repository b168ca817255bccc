using Taco.Imaging;

namespace Taco.Tools;

/// <summary>
/// The conversation's images as tools see them: the images the agent decoded once, shared, never copied
/// (<see cref="RgbImage"/> is immutable). Implemented by the agent over its image store.
/// </summary>
public interface IToolImages
{
    int Count { get; }

    RgbImage GetPixels(ImageRef image);
}
