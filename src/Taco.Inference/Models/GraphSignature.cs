using Taco.Onnx;

namespace Taco.Inference.Models;

/// <summary>One of a model's graphs as its ONNX metadata states it: the file, and its inputs and outputs.</summary>
public sealed record GraphSignature(ModelComponent Component, string File, IReadOnlyList<NodeMetadata> Inputs, IReadOnlyList<NodeMetadata> Outputs);
