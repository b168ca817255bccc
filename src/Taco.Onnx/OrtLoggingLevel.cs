namespace Taco.Onnx;

#pragma warning disable CA1008, CA1028 // mirrors the C enum exactly
/// <summary>OrtLoggingLevel.</summary>
public enum OrtLoggingLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}
#pragma warning restore CA1008, CA1028
