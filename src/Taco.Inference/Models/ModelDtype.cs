namespace Taco.Inference.Models;

/// <summary>The weight variants an onnx-community model directory may ship (transformers.js's <c>dtype</c>).</summary>
public enum ModelDtype
{
    /// <summary><c>name.onnx</c>.</summary>
    Fp32,

    /// <summary><c>name_fp16.onnx</c>.</summary>
    Fp16,

    /// <summary><c>name_quantized.onnx</c> (8-bit; transformers.js calls it <c>q8</c>).</summary>
    Q8,

    /// <summary><c>name_q4.onnx</c> (4-bit weights, fp32 compute).</summary>
    Q4,

    /// <summary><c>name_q4f16.onnx</c> (4-bit weights, fp16 compute).</summary>
    Q4F16,
}
