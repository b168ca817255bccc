namespace Taco.Imaging;

/// <summary>
/// How pixel values become model inputs: <c>(value · RescaleFactor − Mean[c]) / Std[c]</c> per RGB channel,
/// the fields <c>rescale_factor</c>, <c>image_mean</c> and <c>image_std</c> of a <c>preprocessor_config.json</c>.
/// </summary>
public sealed record ChannelNormalization
{
    public ChannelNormalization(IReadOnlyList<float> mean, IReadOnlyList<float> std, float rescaleFactor = 1f / 255f)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count != 3 || std.Count != 3)
        {
            throw new ArgumentException("Mean and std need exactly three values (R, G, B).");
        }

        if (std.Any(s => !(s > 0) || float.IsInfinity(s)))
        {
            throw new ArgumentException("Every std value must be a positive finite number.", nameof(std));
        }

        Mean = [.. mean];
        Std = [.. std];
        RescaleFactor = rescaleFactor;
    }

    /// <summary>ImageNet statistics (ViT, DINOv2, Depth-Anything).</summary>
    public static ChannelNormalization ImageNet { get; } = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    /// <summary>OpenAI CLIP statistics (LLaVA's CLIP encoders).</summary>
    public static ChannelNormalization Clip { get; } = new([0.48145466f, 0.4578275f, 0.40821073f], [0.26862954f, 0.26130258f, 0.27577711f]);

    /// <summary>Mean 0.5, std 0.5 → values in [−1, 1] (SigLIP, Idefics3/SmolVLM).</summary>
    public static ChannelNormalization Symmetric { get; } = new([0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f]);

    public IReadOnlyList<float> Mean { get; }

    public IReadOnlyList<float> Std { get; }

    public float RescaleFactor { get; }
}
