using Microsoft.Extensions.Logging;

namespace Taco.Onnx;

/// <summary>How to start ONNX Runtime for this process.</summary>
public sealed record OnnxRuntimeOptions
{
    /// <summary>A library to load instead of the packaged one (the CLI's <c>--ort-library</c>); null for the package's.</summary>
    public string? LibraryPath { get; init; }

    /// <summary>
    /// The execution provider sessions run on by default (<c>cpu</c>, <c>cuda</c>, <c>CUDAExecutionProvider</c>, …; the CLI's
    /// <c>--execution-provider</c>); null for CPU. Checked when the runtime starts, so a provider the library lacks fails there.
    /// </summary>
    public string? ExecutionProvider { get; init; }

    /// <summary>Receives ONNX Runtime's own log lines; null discards them.</summary>
    public ILogger? Logger { get; init; }

    /// <summary>The least severe ONNX Runtime message that is passed to <see cref="Logger"/>.</summary>
    public OrtLoggingLevel LogLevel { get; init; } = OrtLoggingLevel.Warning;

    public string LogId { get; init; } = "taco";
}
