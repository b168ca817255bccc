namespace Taco.Onnx.Tests;

public sealed class PreparedRunTests
{
    private static OnnxRuntime Ort => Runtime.Ort;

    private const long Hours = 10_000_000;

    [Fact]
    public void A_prepared_run_gives_what_an_ordinary_run_gives_and_reads_its_inputs_afresh_each_run()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("matmul_small.onnx"));
        using var prepared = session.Prepare(["x"], ["y"]);
        var x = Enumerable.Range(0, 64).Select(i => (float)Math.Sin(i)).ToArray();
        using var input = OrtValue.CreateTensor(Ort, x, 1, 64);
        prepared.SetInput(0, input);
        for (var run = 0; run < 2; run++)
        {
            x[run] = 3;
            var outputs = new OrtValue?[1];
            prepared.Run(outputs);
            using var y = outputs[0]!;
            using var expected = session.Run(new Dictionary<string, OrtValue> { ["x"] = input });
            Assert.Equal(expected["y"].ToArray<float>(), y.ToArray<float>());
        }
    }

    [Fact]
    public void A_prepared_run_writes_into_preallocated_outputs()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("identity_f32.onnx"));
        using var prepared = session.Prepare(["input"], ["output"]);
        var input = new float[] { 1, 2 };
        var output = new float[2];
        using var inValue = OrtValue.CreateTensor(Ort, input, 1, 2);
        using var outValue = OrtValue.CreateTensor(Ort, output, 1, 2);
        prepared.SetInput(0, inValue);
        prepared.Run(new OrtValue?[] { outValue });
        Assert.Equal([1f, 2f], output);
        input[1] = 7;
        prepared.Run(new OrtValue?[] { outValue });
        Assert.Equal([1f, 7f], output);
    }

    [Fact]
    public void A_prepared_run_with_an_input_left_unset_names_it()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("identity_f32.onnx"));
        using var prepared = session.Prepare(["input"], ["output"]);
        var error = Assert.Throws<InvalidOperationException>(() => prepared.Run(new OrtValue?[1]));
        Assert.Contains("\"input\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_prepared_run_is_cancelled_by_its_token_and_runs_normally_afterwards_with_the_same_options()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("slow_loop.onnx"));
        using var prepared = session.Prepare(["iterations"], ["result"]);
        using var hours = OrtValue.CreateTensor(Ort, new long[] { Hours }, []);
        using var few = OrtValue.CreateTensor(Ort, new long[] { 2 }, []);
        using (var cts = new CancellationTokenSource())
        {
            // The gate: the token fires once the run is wired to ONNX Runtime, just before the native run.
            session.RunStarting = cts.Cancel;
            prepared.SetInput(0, hours);
            var error = Assert.ThrowsAny<OperationCanceledException>(() => prepared.Run(new OrtValue?[1], cts.Token));
            Assert.Equal(cts.Token, error.CancellationToken);
            Assert.IsType<OrtException>(error.InnerException);
            session.RunStarting = null;
        }

        // The reused options had their terminate flag set; a run that still saw it would fail at once.
        using var live = new CancellationTokenSource();
        prepared.SetInput(0, few);
        var outputs = new OrtValue?[1];
        prepared.Run(outputs, live.Token);
        using var result = outputs[0]!;
        Assert.True(float.IsFinite(result.GetTensorSpan<float>()[0]));
    }
}
