namespace Taco.Inference.Models;

/// <summary>The model families the runtime knows how to prompt and preprocess for.</summary>
public enum ModelFamily
{
    /// <summary><c>model_type</c> <c>llava</c>: one fixed-size image, its token repeated to the feature count.</summary>
    Llava,

    /// <summary><c>model_type</c> <c>idefics3</c> / <c>smolvlm</c>: tiles plus a global image, row/column marker tokens.</summary>
    Idefics3,
}
