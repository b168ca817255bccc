namespace Taco.Inference.Models;

/// <summary>The three ONNX graphs of a transformers.js vision-language model.</summary>
public enum ModelComponent
{
    /// <summary><c>onnx/vision_encoder*.onnx</c>: pixels → image features in the text embedding space.</summary>
    VisionEncoder,

    /// <summary><c>onnx/embed_tokens*.onnx</c>: token ids → embeddings.</summary>
    EmbedTokens,

    /// <summary><c>onnx/decoder_model_merged*.onnx</c>: embeddings + past → logits + present.</summary>
    Decoder,
}
