using System.Globalization;
using System.Text;
using Taco.Imaging;
using Taco.Inference.Models;

namespace Taco.Inference.Preprocessing;

/// <summary>
/// Idefics3 / SmolVLM preprocessing: resize the longest edge (other edge rounded up to even), optionally split
/// into row-major tiles of <c>max_image_size</c> plus a global frame, rescale and normalise; and the prompt
/// expansion with <c>&lt;fake_token_around_image&gt;</c>, <c>&lt;row_r_col_c&gt;</c> and <c>&lt;global-img&gt;</c>.
/// </summary>
public sealed class Idefics3ImageProcessor : IImageProcessor
{
    private const string FakeToken = "<fake_token_around_image>";
    private const string GlobalToken = "<global-img>";
    private readonly int _longestEdge;
    private readonly int _tile;
    private readonly ChannelNormalization _normalization;
    private readonly int _resample;

    public Idefics3ImageProcessor(ModelDirectory model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var file = model.ConfigPath("preprocessor_config.json");
        var processorFile = model.ConfigPath("processor_config.json");
        var pre = model.PreprocessorConfig;
        _longestEdge = ConfigValues.Int(pre, file, "size", "longest_edge");
        _tile = ConfigValues.OptionalInt(pre, file, "max_image_size", "longest_edge")
            ?? ConfigValues.OptionalInt(model.Config, model.ConfigPath("config.json"), "vision_config", "image_size")
            ?? throw new ModelLoadException($"{file} lacks \"max_image_size.longest_edge\".");
        _normalization = PreprocessorSettings.Normalization(pre, file);
        _resample = PreprocessorSettings.Resample(pre, file, RgbImage.PilLanczos);
        DoImageSplitting = ConfigValues.Bool(pre, file, "do_image_splitting", true);
        ImagePlaceholder = ConfigValues.OptionalString(model.ProcessorConfig, processorFile, "image_token") ?? "<image>";
        TokensPerFrame = ConfigValues.OptionalInt(model.ProcessorConfig, processorFile, "image_seq_len") ?? DefaultSequenceLength(model);
    }

    public string ImagePlaceholder { get; }

    /// <summary>Image tokens per frame (tile or global image).</summary>
    public int TokensPerFrame { get; }

    /// <summary>Whether large images are cut into tiles (settable, as transformers' <c>do_image_splitting</c> argument).</summary>
    public bool DoImageSplitting { get; set; }

    public ProcessedImage Process(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (w, h) = LongestEdgeSize(image.Width, image.Height);
        var resized = image.ResizeLikePil(w, h, _resample);
        var frames = new List<RgbImage>();
        int rows = 0, cols = 0;
        if (DoImageSplitting)
        {
            var (gridW, gridH) = GridSize(w, h);
            var grid = resized.ResizeLikePil(gridW, gridH, _resample);
            if (gridW > _tile || gridH > _tile)
            {
                rows = (gridH + _tile - 1) / _tile;
                cols = (gridW + _tile - 1) / _tile;
                for (var r = 0; r < rows; r++)
                {
                    for (var c = 0; c < cols; c++)
                    {
                        frames.Add(grid.Crop(new PixelRect(c * _tile, r * _tile, _tile, _tile)));
                    }
                }
            }

            frames.Add(grid.ResizeLikePil(_tile, _tile, _resample));
        }
        else
        {
            frames.Add(resized.ResizeLikePil(_tile, _tile, _resample));
        }

        var frameSize = 3 * _tile * _tile;
        var pixels = new float[frames.Count * frameSize];
        for (var i = 0; i < frames.Count; i++)
        {
            ImageTensor.WriteChw(frames[i], _normalization, pixels.AsSpan(i * frameSize, frameSize));
        }

        return FromPixelValues(pixels, [1, frames.Count, 3, _tile, _tile], rows, cols);
    }

    public ProcessedImage FromPixelValues(float[] pixelValues, IReadOnlyList<long> shape, int rows = 0, int cols = 0)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count != 5)
        {
            throw new ArgumentException($"Idefics3 pixel values are [1, frames, 3, H, W], not [{string.Join(", ", shape)}].", nameof(shape));
        }

        var frames = (int)shape[1];
        var expected = rows * cols + 1;
        if (frames != expected)
        {
            throw new ArgumentException($"{rows}×{cols} tiles plus the global image make {expected} frames, but the pixel values hold {frames}.", nameof(shape));
        }

        return new ProcessedImage(pixelValues, shape, frames * TokensPerFrame, rows, cols);
    }

    public string ExpandPlaceholder(ProcessedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var tokens = string.Concat(Enumerable.Repeat(ImagePlaceholder, TokensPerFrame));
        var text = new StringBuilder();
        if (image.Rows > 0 || image.Cols > 0)
        {
            for (var r = 1; r <= image.Rows; r++)
            {
                for (var c = 1; c <= image.Cols; c++)
                {
                    text.Append(FakeToken).Append(CultureInfo.InvariantCulture, $"<row_{r}_col_{c}>").Append(tokens);
                }

                text.Append('\n');
            }

            text.Append('\n');
        }

        return text.Append(FakeToken).Append(GlobalToken).Append(tokens).Append(FakeToken).ToString();
    }

    /// <summary>Step 1: the longest edge becomes <c>size.longest_edge</c>, the other is truncated then rounded up to even.</summary>
    internal (int Width, int Height) LongestEdgeSize(int width, int height)
    {
        var aspect = (double)width / height;
        int w, h;
        if (width >= height)
        {
            w = _longestEdge;
            h = (int)(_longestEdge / aspect);
            h += h % 2;
        }
        else
        {
            h = _longestEdge;
            w = (int)(_longestEdge * aspect);
            w += w % 2;
        }

        return (Math.Max(w, 1), Math.Max(h, 1));
    }

    /// <summary>Step 2: both edges up to multiples of the tile size, the shorter derived from the aspect ratio.</summary>
    internal (int Width, int Height) GridSize(int width, int height)
    {
        var aspect = (double)width / height;
        if (width >= height)
        {
            var gw = CeilTo(width);
            return (gw, CeilTo((int)(gw / aspect)));
        }

        var gh = CeilTo(height);
        return (CeilTo((int)(gh * aspect)), gh);
    }

    private int CeilTo(int value) => Math.Max(1, (value + _tile - 1) / _tile) * _tile;

    private static int DefaultSequenceLength(ModelDirectory model)
    {
        // Without processor_config.json: (image_size / patch_size)² / scale_factor², as the model computes it.
        var file = model.ConfigPath("config.json");
        var size = ConfigValues.Int(model.Config, file, "vision_config", "image_size");
        var patch = ConfigValues.Int(model.Config, file, "vision_config", "patch_size");
        var scale = ConfigValues.OptionalInt(model.Config, file, "scale_factor") ?? 1;
        return size / patch * (size / patch) / (scale * scale);
    }
}
