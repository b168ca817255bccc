namespace Taco.Onnx.Tests;

public sealed class CancellationTests
{
    private static OnnxRuntime Ort => Runtime.Ort;

    // 10⁷ iterations of the slow loop take hours (models/testdata/onnx/README.md), so a run that ends at all
    // was stopped by its token; how soon it stops is a benchmark figure, not an assertion here.
    private const long Hours = 10_000_000;

    [Fact]
    public async Task A_token_that_fires_during_a_run_stops_it_through_onnx_runtime()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("slow_loop.onnx"), new SessionOptions { IntraOpThreads = 1 });
        using var cts = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.RunStarting = started.SetResult;

        var run = RunOnItsOwnThread(session, Hours, cts.Token);
        await started.Task;
        await cts.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.IsType<OrtException>(error.InnerException);
    }

    [Fact]
    public void A_token_that_fires_as_the_run_starts_is_honoured_by_onnx_runtime()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("slow_loop.onnx"));
        using var iterations = OrtValue.CreateTensor(Ort, new long[] { Hours }, []);
        using var cts = new CancellationTokenSource();
        session.RunStarting = cts.Cancel;

        var error = Assert.ThrowsAny<OperationCanceledException>(() =>
            session.Run(new Dictionary<string, OrtValue> { ["iterations"] = iterations }, cancellationToken: cts.Token));

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.IsType<OrtException>(error.InnerException);
    }

    [Fact]
    public async Task A_session_runs_normally_after_a_cancelled_run()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("slow_loop.onnx"));
        using (var cts = new CancellationTokenSource())
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            session.RunStarting = started.SetResult;
            var run = RunOnItsOwnThread(session, Hours, cts.Token);
            await started.Task;
            session.RunStarting = null;
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        using var few = OrtValue.CreateTensor(Ort, new long[] { 2 }, []);
        using var live = new CancellationTokenSource();
        using var outputs = session.Run(new Dictionary<string, OrtValue> { ["iterations"] = few }, cancellationToken: live.Token);
        Assert.True(float.IsFinite(outputs["result"].GetTensorSpan<float>()[0]));
    }

    private static Task RunOnItsOwnThread(InferenceSession session, long count, CancellationToken token) =>
        Task.Factory.StartNew(
            () =>
            {
                using var iterations = OrtValue.CreateTensor(Ort, new long[] { count }, []);
                using var outputs = session.Run(new Dictionary<string, OrtValue> { ["iterations"] = iterations }, cancellationToken: token);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    [Fact]
    public void A_binding_runs_normally_after_a_cancelled_run_over_the_same_run_options()
    {
        using var session = InferenceSession.FromFile(Ort, TestPaths.TestModel("slow_loop.onnx"));
        using var binding = session.CreateIoBinding();
        using var hours = OrtValue.CreateTensor(Ort, new long[] { Hours }, []);
        using var few = OrtValue.CreateTensor(Ort, new long[] { 2 }, []);
        binding.BindOutputToCpu("result");
        using (var cts = new CancellationTokenSource())
        {
            binding.BindInput("iterations", hours);
            session.RunStarting = cts.Cancel;
            var error = Assert.ThrowsAny<OperationCanceledException>(() => binding.Run(cts.Token));
            Assert.Equal(cts.Token, error.CancellationToken);
            session.RunStarting = null;
        }

        // The binding's options had their terminate flag set by the token; a run that still saw it would fail at once.
        using var live = new CancellationTokenSource();
        binding.BindInput("iterations", few);
        binding.Run(live.Token);
        using var outputs = binding.GetOutputs();
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
