namespace Taco.Inference.Generation;

/// <summary>
/// One decoder call: how many tokens it processed (the new ones only when the cache is reused), the cache
/// length before it, wall time, and the part of it spent inside ONNX Runtime's Run (all graphs).
/// </summary>
public readonly record struct StepStatistics(int TokensProcessed, int PastLength, TimeSpan Elapsed, TimeSpan InRuntime);
