using Taco.Inference.Models;
using Taco.Onnx;

namespace Taco.Inference;

/// <summary>How to load a model directory.</summary>
public sealed record ModelLoadOptions
{
    /// <summary>The weight variant; null picks the best one present (see <see cref="ModelDirectory.ChooseDtype"/>).</summary>
    public ModelDtype? Dtype { get; init; }

    /// <summary>ONNX Runtime session settings shared by the three graphs.</summary>
    public SessionOptions? SessionOptions { get; init; }

    /// <summary>The loaded ONNX Runtime; null initialises the default one.</summary>
    public OnnxRuntime? Runtime { get; init; }
}
