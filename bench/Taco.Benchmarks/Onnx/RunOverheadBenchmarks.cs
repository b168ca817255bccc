using BenchmarkDotNet.Attributes;
using Taco.Onnx;

namespace Taco.Benchmarks.Onnx;

/// <summary>
/// Per-call cost of our binding against the raw C API call on the same session and tensors.
/// <c>RawOrtRun</c> calls <c>OrtApi.Run</c> with pointers prepared once (the floor: ONNX Runtime's own
/// work); the other methods go through the public API. The difference is our managed overhead.
/// </summary>
[MemoryDiagnoser]
public unsafe class RunOverheadBenchmarks
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
    private nint _rawSession;
    private nint* _rawInNames;
    private nint* _rawInValues;
    private nint* _rawOutNames;
    private nint* _rawOutValues;

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

        _rawSession = _identity.Handle.DangerousGetHandle();
        _rawInNames = (nint*)System.Runtime.InteropServices.NativeMemory.Alloc(1, (nuint)sizeof(nint));
        _rawInValues = (nint*)System.Runtime.InteropServices.NativeMemory.Alloc(1, (nuint)sizeof(nint));
        _rawOutNames = (nint*)System.Runtime.InteropServices.NativeMemory.Alloc(1, (nuint)sizeof(nint));
        _rawOutValues = (nint*)System.Runtime.InteropServices.NativeMemory.Alloc(1, (nuint)sizeof(nint));
        _rawInNames[0] = Taco.Onnx.Interop.Utf8Strings.Allocate("input");
        _rawOutNames[0] = Taco.Onnx.Interop.Utf8Strings.Allocate("output");
        _rawInValues[0] = _identityInput.Handle.DangerousGetHandle();
        _rawOutValues[0] = _identityOutput.Handle.DangerousGetHandle();
    }

    [Benchmark(Baseline = true, Description = "Identity: raw OrtApi.Run (ORT's own cost)")]
    public void RawOrtRun() => _ort.Check(_ort.Api->Run(_rawSession, 0, _rawInNames, _rawInValues, 1, _rawOutNames, 1, _rawOutValues));

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
    }
}
