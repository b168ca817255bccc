namespace Taco.Onnx;

#pragma warning disable CA1008, CA1028 // mirrors the C enum exactly
/// <summary>GraphOptimizationLevel.</summary>
public enum GraphOptimizationLevel
{
    DisableAll = 0,
    Basic = 1,
    Extended = 2,
    Layout = 3,
    All = 99,
}
#pragma warning restore CA1008, CA1028
