namespace Taco.Tools.Ocr.Tesseract;

/// <summary>Tesseract could not be loaded, initialised, or failed on an image.</summary>
public sealed class TesseractException : Exception
{
    public TesseractException()
    {
    }

    public TesseractException(string message)
        : base(message)
    {
    }

    public TesseractException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
