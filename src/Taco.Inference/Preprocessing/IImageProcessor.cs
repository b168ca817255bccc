using Taco.Imaging;

namespace Taco.Inference.Preprocessing;

/// <summary>A family's image preprocessing and the prompt text one image expands to.</summary>
public interface IImageProcessor
{
    /// <summary>The placeholder a chat template writes for an image, e.g. <c>&lt;image&gt;</c>.</summary>
    string ImagePlaceholder { get; }

    /// <summary>Resizes, splits and normalises an image per <c>preprocessor_config.json</c>.</summary>
    ProcessedImage Process(RgbImage image);

    /// <summary>Wraps pixel values computed elsewhere (e.g. by a reference implementation) with this family's token count.</summary>
    ProcessedImage FromPixelValues(float[] pixelValues, IReadOnlyList<long> shape, int rows = 0, int cols = 0);

    /// <summary>The text that replaces one <see cref="ImagePlaceholder"/> in the prompt.</summary>
    string ExpandPlaceholder(ProcessedImage image);
}
