using Taco.Imaging;

namespace Taco.Agent.Tracing;

/// <summary>Encodes a picture for a trace directory; PNG by default, swappable for the imaging library's encoder.</summary>
public interface ITraceImageWriter
{
    /// <summary>File extension without the dot, e.g. <c>png</c>.</summary>
    string Extension { get; }

    void Write(RgbImage image, Stream destination);
}
