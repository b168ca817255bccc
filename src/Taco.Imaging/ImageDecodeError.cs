namespace Taco.Imaging;

/// <summary>Why an image could not be decoded.</summary>
public enum ImageDecodeError
{
    /// <summary>The file does not exist or cannot be read.</summary>
    Unreadable,

    /// <summary>Zero bytes.</summary>
    Empty,

    /// <summary>The bytes do not start like any supported image format (e.g. a text file named .png).</summary>
    NotAnImage,

    /// <summary>A recognised container using a variant we do not decode (e.g. BigTIFF).</summary>
    Unsupported,

    /// <summary>The declared width × height is above the configured pixel limit.</summary>
    TooLarge,

    /// <summary>The file ends before the image data does.</summary>
    Truncated,

    /// <summary>The header or the compressed data is inconsistent.</summary>
    Corrupt,
}
