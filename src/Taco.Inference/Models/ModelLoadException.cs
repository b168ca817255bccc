namespace Taco.Inference.Models;

/// <summary>A model directory that cannot be used: a missing or malformed file, or an unsupported model family.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException()
    {
    }

    public ModelLoadException(string message)
        : base(message)
    {
    }

    public ModelLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
