using BenchmarkDotNet.Attributes;
using Taco.Onnx;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Taco.Benchmarks.Onnx;

/// <summary>
/// Per-call cost of taco's ONNX layer against the official Microsoft.ML.OnnxRuntime API on the same
/// session and tensors. <c>OfficialRun</c> calls the package's <c>InferenceSession.Run</c> with names,
/// values and run options prepared once (the floor through the official API); the other methods go
/// through taco's layer. The difference is our managed overhead.
/// </summary>
[MemoryDiagnoser]
public class RunOverheadBenchmarks
{
    private OnnxRuntime _ort = null!;
    private InferenceSession _identity = null!;
    private InferenceSession _matmul = null!;
    private OrtValue _identityInput = null!;
    private OrtValue _identityOutput = null!;
    private OrtValue _matmulInput = null!;
    private OrtValue _matmulOutput = null!;
    private Dictionary<string, OrtValue> _identityFeed = null!;
    private OrtValue?[] _identityOutputs = null!;
    private OrtValue?[] _matmulOutputs = null!;
    private Ort.RunOptions _runOptions = null!;
    private string[] _inNames = null!;
    private Ort.OrtValue[] _inValues = null!;
    private string[] _outNames = null!;
    private Ort.OrtValue[] _outValues = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ort = OnnxRuntime.Initialize();
        var options = new SessionOptions { IntraOpThreads = 1, InterOpThreads = 1 };
        _identity = InferenceSession.FromFile(_ort, Paths.TestModel("identity_f32.onnx"), options);
        _matmul = InferenceSession.FromFile(_ort, Paths.TestModel("matmul_small.onnx"), options);
        _identityInput = OrtValue.CreateTensor(_ort, new float[4], 2, 2);
        _identityOutput = OrtValue.CreateTensor(_ort, new float[4], 2, 2);
        _matmulInput = OrtValue.CreateTensor(_ort, new float[64], 1, 64);
        _matmulOutput = OrtValue.CreateTensor(_ort, new float[64], 1, 64);
        _identityFeed = new Dictionary<string, OrtValue> { ["input"] = _identityInput };
        _identityOutputs = [_identityOutput];
        _matmulOutputs = [_matmulOutput];

        _runOptions = new Ort.RunOptions();
        _inNames = ["input"];
        _outNames = ["output"];
        _inValues = [_identityInput.Native];
        _outValues = [_identityOutput.Native];
    }

    [Benchmark(Baseline = true, Description = "Identity: official InferenceSession.Run, all prepared")]
    public void OfficialRun() => _identity.Native.Run(_runOptions, _inNames, _inValues, _outNames, _outValues);

    [Benchmark(Description = "Identity: span Run, preallocated output")]
    public void SpanRunPreallocated() => _identity.Run(["input"], [_identityInput], ["output"], _identityOutputs);

    [Benchmark(Description = "Identity: dictionary Run, ORT-allocated output")]
    public void DictionaryRun()
    {
        using var outputs = _identity.Run(_identityFeed);
    }

    [Benchmark(Description = "Identity: span Run with a cancellable token")]
    public void SpanRunCancellable()
    {
        using var cts = new CancellationTokenSource();
        _identity.Run(["input"], [_identityInput], ["output"], _identityOutputs, cts.Token);
    }

    [Benchmark(Description = "MatMul 1x64·64x64: span Run, preallocated output")]
    public void MatMulSpanRun() => _matmul.Run(["x"], [_matmulInput], ["y"], _matmulOutputs);

    [GlobalCleanup]
    public void Cleanup()
    {
        _identity.Dispose();
        _matmul.Dispose();
        _runOptions.Dispose();
    }
}
