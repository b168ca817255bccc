using System.Text.RegularExpressions;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Taco.Onnx;

/// <summary>An error reported by ONNX Runtime, with its error code and message.</summary>
public sealed partial class OrtException : Exception
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

    /// <summary>
    /// The official package's exception as ours: its message reads <c>[ErrorCode:NoSuchFile] text</c>
    /// and the code is not public otherwise.
    /// </summary>
    internal static OrtException From(Ort.OnnxRuntimeException error)
    {
        var match = CodePrefix().Match(error.Message);
        var code = match.Success && Enum.TryParse<OrtErrorCode>(match.Groups[1].Value, ignoreCase: true, out var parsed) ? parsed : OrtErrorCode.Fail;
        return new OrtException(code, match.Success ? error.Message[match.Length..] : error.Message, error);
    }

    private OrtException(OrtErrorCode errorCode, string message, Exception inner)
        : base($"ONNX Runtime error {errorCode}: {message}", inner)
    {
        ErrorCode = errorCode;
        NativeMessage = message;
    }

    [GeneratedRegex(@"^\[ErrorCode:(\w+)\]\s*")]
    private static partial Regex CodePrefix();

    /// <summary>The message exactly as ONNX Runtime wrote it.</summary>
    public string NativeMessage { get; }
}
