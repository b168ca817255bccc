using System.Diagnostics;

namespace Taco.Onnx.Tests;

public sealed class CancellationTests
{
    private static OnnxRuntime Ort => Runtime.Ort;

    [Fact]
    public void A_long_run_stops_within_a_second_of_the_token_firing()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("slow_loop.onnx"), new SessionOptions { IntraOpThreads = 1 });
        using var iterations = OrtValue.CreateTensor(Ort, new long[] { 10_000_000 }, []);
        using var cts = new CancellationTokenSource();
        var stopwatch = new Stopwatch();
        cts.Token.Register(stopwatch.Start);
        cts.CancelAfter(TimeSpan.FromMilliseconds(300));

        var error = Assert.ThrowsAny<OperationCanceledException>(() =>
            session.Run(new Dictionary<string, OrtValue> { ["iterations"] = iterations }, cancellationToken: cts.Token));
        stopwatch.Stop();

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.IsType<OrtException>(error.InnerException);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"run returned {stopwatch.Elapsed.TotalMilliseconds:F0} ms after cancellation");
    }

    [Fact]
    public void A_session_runs_normally_after_a_cancelled_run()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("slow_loop.onnx"));
        using var many = OrtValue.CreateTensor(Ort, new long[] { 10_000_000 }, []);
        using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            Assert.ThrowsAny<OperationCanceledException>(() =>
                session.Run(new Dictionary<string, OrtValue> { ["iterations"] = many }, cancellationToken: cts.Token));
        }

        using var few = OrtValue.CreateTensor(Ort, new long[] { 2 }, []);
        using var live = new CancellationTokenSource();
        using var outputs = session.Run(new Dictionary<string, OrtValue> { ["iterations"] = few }, cancellationToken: live.Token);
        Assert.True(float.IsFinite(outputs["result"].GetTensorSpan<float>()[0]));
    }

    [Fact]
    public void An_already_cancelled_token_never_starts_the_run()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("identity_f32.onnx"));
        using var value = OrtValue.CreateTensor(Ort, new float[] { 1 }, 1, 1);
        Assert.ThrowsAny<OperationCanceledException>(() =>
            session.Run(new Dictionary<string, OrtValue> { ["input"] = value }, cancellationToken: new CancellationToken(true)));
    }
}
