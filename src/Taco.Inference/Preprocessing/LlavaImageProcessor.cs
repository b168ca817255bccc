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
        var file = model.ConfigPath("preprocessor_config.json");
        var processorFile = model.ConfigPath("processor_config.json");
        var configFile = model.ConfigPath("config.json");
        var pre = model.PreprocessorConfig;
        _doResize = ConfigValues.Bool(pre, file, "do_resize", true);
        _doCrop = ConfigValues.Bool(pre, file, "do_center_crop", true);
        _shortestEdge = ConfigValues.OptionalInt(pre, file, "size", "shortest_edge") ?? ConfigValues.Int(pre, file, "size", "height");
        _cropHeight = ConfigValues.OptionalInt(pre, file, "crop_size", "height") ?? _shortestEdge;
        _cropWidth = ConfigValues.OptionalInt(pre, file, "crop_size", "width") ?? _shortestEdge;
        _normalization = PreprocessorSettings.Normalization(pre, file);
        _resample = PreprocessorSettings.Resample(pre, file, RgbImage.PilBicubic);
        ImagePlaceholder = ConfigValues.OptionalString(model.ProcessorConfig, processorFile, "image_token") ?? "<image>";
        var patch = ConfigValues.OptionalInt(model.ProcessorConfig, processorFile, "patch_size")
            ?? ConfigValues.OptionalInt(model.Config, configFile, "vision_config", "patch_size")
            ?? throw new ModelLoadException("Neither processor_config.json nor config.json's vision_config states patch_size.");
        var additional = ConfigValues.OptionalInt(model.ProcessorConfig, processorFile, "num_additional_image_tokens") ?? 0;
        var strategy = ConfigValues.OptionalString(model.ProcessorConfig, processorFile, "vision_feature_select_strategy")
            ?? ConfigValues.OptionalString(model.Config, configFile, "vision_feature_select_strategy");
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
