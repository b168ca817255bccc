namespace Taco.Imaging;

/// <summary>An image could not be decoded; <see cref="FileName"/> names the file and <see cref="Error"/> the reason.</summary>
public sealed class ImageDecodeException : Exception
{
    public ImageDecodeException(string fileName, ImageDecodeError error, string reason, Exception? innerException = null)
        : base($"Cannot decode image '{fileName}': {reason}", innerException)
    {
        FileName = fileName;
        Error = error;
        Reason = reason;
    }

    public ImageDecodeException()
        : this("<unknown>", ImageDecodeError.Corrupt, "unknown error")
    {
    }

    public ImageDecodeException(string message)
        : this("<unknown>", ImageDecodeError.Corrupt, message)
    {
    }

    public ImageDecodeException(string message, Exception innerException)
        : this("<unknown>", ImageDecodeError.Corrupt, message, innerException)
    {
    }

    /// <summary>The file path, or the name given with in-memory bytes (<c>&lt;memory&gt;</c> when none was).</summary>
    public string FileName { get; }

    public ImageDecodeError Error { get; }

    /// <summary>The reason alone, without the file name.</summary>
    public string Reason { get; }
}
