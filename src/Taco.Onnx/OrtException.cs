namespace Taco.Onnx;

/// <summary>An error reported by ONNX Runtime, with its error code and message.</summary>
public sealed class OrtException : Exception
{
    public OrtException(OrtErrorCode errorCode, string message)
        : base($"ONNX Runtime error {errorCode}: {message}")
    {
        ErrorCode = errorCode;
        NativeMessage = message;
    }

    public OrtException()
        : this(OrtErrorCode.Fail, "unknown error")
    {
    }

    public OrtException(string message)
        : this(OrtErrorCode.Fail, message)
    {
    }

    public OrtException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = OrtErrorCode.Fail;
        NativeMessage = message;
    }

    public OrtErrorCode ErrorCode { get; }

    /// <summary>The message exactly as ONNX Runtime wrote it.</summary>
    public string NativeMessage { get; }
}
