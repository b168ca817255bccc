namespace Taco.Tools.Ocr.PpOcr;

/// <summary>A PP-OCR model file or the key list is missing; the message names each missing path and how to get them.</summary>
public sealed class PpOcrModelsNotFoundException : Exception
{
    public PpOcrModelsNotFoundException(string message, IReadOnlyList<string> missing)
        : base(message)
    {
        Missing = missing;
    }

    public PpOcrModelsNotFoundException()
        : this("PP-OCR model files were not found.", [])
    {
    }

    public PpOcrModelsNotFoundException(string message)
        : this(message, [])
    {
    }

    public PpOcrModelsNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        Missing = [];
    }

    public IReadOnlyList<string> Missing { get; }
}
