using Taco.Imaging;
using Taco.Inference.Models;

namespace Taco.Inference.Preprocessing;

/// <summary>
/// CLIP-style preprocessing as transformers' CLIPImageProcessor (resize the shortest edge with PIL's filter
/// of <c>resample</c>, bicubic by default; centre crop, rescale, normalise) and LLaVA's prompt
/// expansion: the image token repeated once per feature row, ⌊H/patch⌋·⌊W/patch⌋ + additional tokens
/// (minus the CLS row under the <c>default</c> feature strategy).
/// </summary>
public sealed class LlavaImageProcessor : IImageProcessor
{
    private readonly int _shortestEdge;
    private readonly int _cropWidth;
    private readonly int _cropHeight;
    private readonly bool _doResize;
    private readonly bool _doCrop;
    private readonly int _resample;
    private readonly ChannelNormalization _normalization;

    public LlavaImageProcessor(ModelDirectory model)
    {
        ArgumentNullException.ThrowIfNull(model);
        const string file = "preprocessor_config.json";
        var pre = model.PreprocessorConfig;
        _doResize = PreprocessorSettings.Bool(pre, "do_resize", true);
        _doCrop = PreprocessorSettings.Bool(pre, "do_center_crop", true);
        _shortestEdge = PreprocessorSettings.OptionalInt(pre, "size", "shortest_edge") ?? PreprocessorSettings.Int(pre, file, "size", "height");
        _cropHeight = PreprocessorSettings.OptionalInt(pre, "crop_size", "height") ?? _shortestEdge;
        _cropWidth = PreprocessorSettings.OptionalInt(pre, "crop_size", "width") ?? _shortestEdge;
        _normalization = PreprocessorSettings.Normalization(pre);
        _resample = PreprocessorSettings.Resample(pre, file, RgbImage.PilBicubic);
        ImagePlaceholder = PreprocessorSettings.String(model.ProcessorConfig, "image_token") ?? "<image>";
        var patch = PreprocessorSettings.OptionalInt(model.ProcessorConfig, "patch_size")
            ?? PreprocessorSettings.OptionalInt(model.Config, "vision_config", "patch_size")
            ?? throw new ModelLoadException("Neither processor_config.json nor config.json's vision_config states patch_size.");
        var additional = PreprocessorSettings.OptionalInt(model.ProcessorConfig, "num_additional_image_tokens") ?? 0;
        var strategy = PreprocessorSettings.String(model.ProcessorConfig, "vision_feature_select_strategy")
            ?? PreprocessorSettings.String(model.Config, "vision_feature_select_strategy");
        TokensPerImage = (_cropHeight / patch) * (_cropWidth / patch) + additional - (strategy == "default" ? 1 : 0);
    }

    public string ImagePlaceholder { get; }

    /// <summary>Image tokens (feature rows) per image.</summary>
    public int TokensPerImage { get; }

    public ProcessedImage Process(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        // As CLIPImageProcessor: PIL's resize with the configured filter, then the centre crop.
        var (width, height) = image.ShortestEdgeSize(_shortestEdge);
        var resized = _doResize ? image.ResizeLikePil(width, height, _resample) : image;
        var cropped = _doCrop ? resized.CenterCrop(_cropWidth, _cropHeight) : resized.ResizeLikePil(_cropWidth, _cropHeight, _resample);
        var pixels = ImageTensor.ToChw(cropped, _normalization);
        return new ProcessedImage(pixels, [1, 3, _cropHeight, _cropWidth], TokensPerImage);
    }

    public ProcessedImage FromPixelValues(float[] pixelValues, IReadOnlyList<long> shape, int rows = 0, int cols = 0) =>
        new(pixelValues, shape, TokensPerImage);

    public string ExpandPlaceholder(ProcessedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return string.Concat(Enumerable.Repeat(ImagePlaceholder, image.ImageTokenCount));
    }
}
