namespace Taco.Inference.Preprocessing;

/// <summary>
/// One image ready for the vision encoder: <see cref="PixelValues"/> in <see cref="Shape"/>
/// (LLaVA <c>[1, 3, H, W]</c>, Idefics3 <c>[1, frames, 3, H, W]</c>), the Idefics3 pixel mask (null = all valid),
/// the tile grid, and how many image tokens (feature rows) it occupies in the prompt.
/// </summary>
public sealed class ProcessedImage
{
    public ProcessedImage(float[] pixelValues, IReadOnlyList<long> shape, int imageTokenCount, int rows = 0, int cols = 0, bool[]? pixelAttentionMask = null)
    {
        ArgumentNullException.ThrowIfNull(pixelValues);
        ArgumentNullException.ThrowIfNull(shape);
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (count != pixelValues.Length)
        {
            throw new ArgumentException($"Pixel values hold {pixelValues.Length} floats but shape [{string.Join(", ", shape)}] needs {count}.", nameof(pixelValues));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageTokenCount);
        PixelValues = pixelValues;
        Shape = [.. shape];
        ImageTokenCount = imageTokenCount;
        Rows = rows;
        Cols = cols;
        PixelAttentionMask = pixelAttentionMask is null ? (ReadOnlyMemory<bool>?)null : pixelAttentionMask;
    }

    public ReadOnlyMemory<float> PixelValues { get; }

    public IReadOnlyList<long> Shape { get; }

    /// <summary>Feature rows the vision encoder produces for this image = image tokens in the expanded prompt.</summary>
    public int ImageTokenCount { get; }

    /// <summary>Tile rows (Idefics3 splitting; 0 when the image was not split).</summary>
    public int Rows { get; }

    /// <summary>Tile columns (Idefics3 splitting; 0 when the image was not split).</summary>
    public int Cols { get; }

    /// <summary>Which pixels are real (Idefics3); null means all of them.</summary>
    public ReadOnlyMemory<bool>? PixelAttentionMask { get; }
}
