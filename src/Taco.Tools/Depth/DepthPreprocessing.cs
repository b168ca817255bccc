using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Taco.Imaging;

namespace Taco.Tools.Depth;

/// <summary>
/// The image → <c>pixel_values</c> step of a Depth-Anything model, read from its
/// <c>preprocessor_config.json</c> with Hugging Face's DPTImageProcessor semantics: scale as
/// little as possible to cover <c>size</c> (or exactly to it without <c>keep_aspect_ratio</c>),
/// round each side to <c>ensure_multiple_of</c> (half to even), resample, rescale, normalise.
/// </summary>
public sealed record DepthPreprocessing
{
    public const string FileName = "preprocessor_config.json";

    public int TargetHeight { get; init; } = 518;

    public int TargetWidth { get; init; } = 518;

    public bool KeepAspectRatio { get; init; } = true;

    public int EnsureMultipleOf { get; init; } = 14;

    public bool DoResize { get; init; } = true;

    /// <summary>PIL filter number: 1 Lanczos, 2 bilinear, 3 bicubic.</summary>
    public int Resample { get; init; } = 3;

    public ChannelNormalization Normalization { get; init; } = ChannelNormalization.ImageNet;

    /// <summary>Reads <c>preprocessor_config.json</c>; anything taco cannot honour is an error naming the field.</summary>
    public static DepthPreprocessing Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        JsonObject config;
        try
        {
            config = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new DepthModelException($"{path} is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new DepthModelException($"{path} is not valid JSON: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new DepthModelException($"{path} cannot be read: {e.Message}", e);
        }

        try
        {
            return FromJson(config, path);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            throw new DepthModelException($"{path}: {e.Message}", e);
        }
    }

    private static DepthPreprocessing FromJson(JsonObject config, string path)
    {
        if (Bool(config, "do_pad", false))
        {
            throw new DepthModelException($"{path}: do_pad is true; taco's depth tool supports DPT processors without padding (as Depth-Anything ships).");
        }

        var size = config["size"];
        var (height, width) = size switch
        {
            JsonObject o when o["height"] is not null && o["width"] is not null => (o["height"]!.GetValue<int>(), o["width"]!.GetValue<int>()),
            JsonObject o when o["shortest_edge"] is not null => (o["shortest_edge"]!.GetValue<int>(), o["shortest_edge"]!.GetValue<int>()),
            JsonValue v => (v.GetValue<int>(), v.GetValue<int>()),
            null => (518, 518),
            _ => throw new DepthModelException($"{path}: \"size\" must be {{\"height\", \"width\"}} or a number."),
        };
        var resample = config["resample"]?.GetValue<int>() ?? 3;
        if (resample is not (1 or 2 or 3))
        {
            throw new DepthModelException($"{path}: resample {resample.ToString(CultureInfo.InvariantCulture)} is not supported (1 Lanczos, 2 bilinear, 3 bicubic).");
        }

        ChannelNormalization normalization;
        try
        {
            // Read as the VLMs' processors read it; statistics the file leaves out are ImageNet's.
            normalization = PreprocessorNormalization.Read(config, path, ChannelNormalization.ImageNet);
        }
        catch (FormatException e)
        {
            throw new DepthModelException(e.Message, e);
        }

        var multiple = config["ensure_multiple_of"]?.GetValue<int>() ?? 1;
        if (height < 1 || width < 1 || multiple < 1)
        {
            throw new DepthModelException($"{path}: size and ensure_multiple_of must be positive.");
        }

        return new DepthPreprocessing
        {
            TargetHeight = height,
            TargetWidth = width,
            KeepAspectRatio = Bool(config, "keep_aspect_ratio", false),
            EnsureMultipleOf = multiple,
            DoResize = Bool(config, "do_resize", true),
            Resample = resample,
            Normalization = normalization,
        };
    }

    /// <summary>The model input size for an image (DPT's <c>get_resize_output_image_size</c>).</summary>
    public (int Width, int Height) InputSize(int imageWidth, int imageHeight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageHeight);
        if (!DoResize)
        {
            return (imageWidth, imageHeight);
        }

        var scaleHeight = (double)TargetHeight / imageHeight;
        var scaleWidth = (double)TargetWidth / imageWidth;
        if (KeepAspectRatio)
        {
            // Scale as little as possible: the side needing the smaller change sets both.
            if (Math.Abs(1 - scaleWidth) < Math.Abs(1 - scaleHeight))
            {
                scaleHeight = scaleWidth;
            }
            else
            {
                scaleWidth = scaleHeight;
            }
        }

        return (MultipleOf(scaleWidth * imageWidth), MultipleOf(scaleHeight * imageHeight));
    }

    /// <summary>The <c>[1, 3, h, w]</c> input tensor's data and its size.</summary>
    public (float[] Data, int Width, int Height) ToTensor(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (width, height) = InputSize(image.Width, image.Height);
        var resized = Resample switch
        {
            1 => image.ResizeHighQuality(width, height),
            2 => image.Resize(width, height),
            _ => image.ResizeBicubic(width, height),
        };
        return (ImageTensor.ToChw(resized, Normalization), width, height);
    }

    // Python's round (half to even), never below one multiple.
    private int MultipleOf(double value) =>
        Math.Max(EnsureMultipleOf, (int)Math.Round(value / EnsureMultipleOf, MidpointRounding.ToEven) * EnsureMultipleOf);

    private static bool Bool(JsonObject config, string name, bool fallback) =>
        config[name] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : fallback;
}
