using Taco.Imaging;
using Taco.Onnx;

namespace Taco.Tools.Depth;

/// <summary>
/// Runs a monocular depth model in the Depth-Anything-V2 ONNX layout: <c>onnx/model.onnx</c> taking
/// <c>pixel_values [batch, 3, h, w]</c> and giving <c>predicted_depth [batch, h, w]</c> (relative
/// inverse depth), preprocessing from the directory's <c>preprocessor_config.json</c>. The map is
/// resized back to the image. Safe to use from several threads.
/// </summary>
public sealed class DepthEstimator : IDisposable
{
    public const string InputName = "pixel_values";
    public const string OutputName = "predicted_depth";
    public const string DefaultModelFile = "onnx/model.onnx";

    private readonly InferenceSession _session;
    private readonly OnnxRuntime _runtime;

    private DepthEstimator(string directory, string modelPath, DepthPreprocessing preprocessing, InferenceSession session, OnnxRuntime runtime)
    {
        Directory = directory;
        ModelPath = modelPath;
        Preprocessing = preprocessing;
        _session = session;
        _runtime = runtime;
    }

    public string Directory { get; }

    public string ModelPath { get; }

    public DepthPreprocessing Preprocessing { get; }

    /// <summary>Loads a model directory; anything missing or in another layout is a <see cref="DepthModelException"/> naming the file.</summary>
    public static DepthEstimator Load(string directory, OnnxRuntime runtime, SessionOptions? options = null, string modelFile = DefaultModelFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(runtime);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DepthModelException($"The depth model directory {directory} does not exist.");
        }

        var modelPath = Path.Combine(directory, modelFile);
        var configPath = Path.Combine(directory, DepthPreprocessing.FileName);
        foreach (var required in new[] { modelPath, configPath })
        {
            if (!File.Exists(required))
            {
                throw new DepthModelException($"The depth model in {directory} lacks {Path.GetRelativePath(directory, required)} (expected the Depth-Anything-V2 ONNX layout: onnx/model.onnx and preprocessor_config.json).");
            }
        }

        var preprocessing = DepthPreprocessing.Load(configPath);
        InferenceSession session;
        try
        {
            session = InferenceSession.FromFile(runtime, modelPath, options);
        }
        catch (OrtException e)
        {
            throw new DepthModelException($"ONNX Runtime cannot load {modelPath}: {e.Message.ReplaceLineEndings(" ")}", e);
        }

        try
        {
            CheckLayout(session, modelPath);
        }
        catch
        {
            session.Dispose();
            throw;
        }

        return new DepthEstimator(directory, modelPath, preprocessing, session, runtime);
    }

    /// <summary>The inverse-depth map of an image, at the image's size.</summary>
    public DepthMap Estimate(RgbImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (data, width, height) = Preprocessing.ToTensor(image);
        var raw = Predict(data, width, height, cancellationToken);
        return DepthMap.Resize(raw.Values, raw.Width, raw.Height, image.Width, image.Height);
    }

    /// <summary>Runs the network on ready <c>pixel_values</c> (<c>[1, 3, height, width]</c>); the map has the model's output size.</summary>
    public DepthMap Predict(float[] pixelValues, int width, int height, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pixelValues);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixelValues.Length != 3L * width * height)
        {
            throw new ArgumentException($"pixel_values of a {width}×{height} input need {3L * width * height} floats; got {pixelValues.Length}.", nameof(pixelValues));
        }

        using var input = OrtValue.CreateTensor(_runtime, pixelValues, 1, 3, height, width);
        using var outputs = _session.Run(new Dictionary<string, OrtValue> { [InputName] = input }, [OutputName], cancellationToken);
        var output = outputs[OutputName];
        var shape = output.Shape;
        if (shape.Count < 2 || shape.Take(shape.Count - 2).Any(d => d != 1))
        {
            throw new DepthModelException($"{ModelPath} returned {OutputName} of shape [{string.Join(", ", shape)}]; expected [1, h, w].");
        }

        return new DepthMap((int)shape[^1], (int)shape[^2], output.GetTensorSpan<float>().ToArray());
    }

    public void Dispose() => _session.Dispose();

    private static void CheckLayout(InferenceSession session, string modelPath)
    {
        var input = session.Inputs.FirstOrDefault(i => i.Name == InputName);
        var output = session.Outputs.FirstOrDefault(o => o.Name == OutputName);
        if (input is null || output is null)
        {
            throw new DepthModelException(
                $"{modelPath} is not in the Depth-Anything-V2 layout: expected input {InputName} and output {OutputName}, " +
                $"found inputs {string.Join(", ", session.Inputs.Select(i => i.Name))} and outputs {string.Join(", ", session.Outputs.Select(o => o.Name))}.");
        }

        if (input.ElementType != TensorElementType.Float || output.ElementType != TensorElementType.Float || input.Shape.Count != 4)
        {
            throw new DepthModelException($"{modelPath}: expected float32 {InputName} [batch, 3, h, w] and float32 {OutputName}; found {input} and {output}.");
        }
    }
}
