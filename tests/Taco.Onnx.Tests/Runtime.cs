namespace Taco.Onnx.Tests;

/// <summary>The process's ONNX Runtime, started from the Microsoft.ML.OnnxRuntime package like the CLI does.</summary>
internal static class Runtime
{
    private static readonly Lazy<OnnxRuntime> Instance = new(() => OnnxRuntime.Initialize());

    public static OnnxRuntime Ort => Instance.Value;
}
