using Microsoft.Extensions.Logging;

namespace Taco.Onnx;

/// <summary>How to start ONNX Runtime for this process.</summary>
public sealed record OnnxRuntimeOptions
{
    /// <summary>A library to load instead of the packaged one (the CLI's <c>--ort-library</c>); null for the package's.</summary>
    public string? LibraryPath { get; init; }

    /// <summary>Receives ONNX Runtime's own log lines; null discards them.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>The least severe ONNX Runtime message that is passed to <see cref="Logger"/>.</summary>
    public OrtLoggingLevel LogLevel { get; init; } = OrtLoggingLevel.Warning;

    public string LogId { get; init; } = "taco";
}
