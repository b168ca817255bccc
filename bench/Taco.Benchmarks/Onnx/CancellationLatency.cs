using System.Diagnostics;
using System.Globalization;
using Taco.Onnx;

namespace Taco.Benchmarks.Onnx;

/// <summary>
/// How soon a running inference stops after its token fires: the slow loop (hours of work) is started,
/// allowed to run for a while inside ONNX Runtime, cancelled, and the time from the cancel to
/// <see cref="InferenceSession.Run(IReadOnlyDictionary{string, OrtValue}, IReadOnlyList{string}?, CancellationToken)"/>
/// throwing is measured. The tests assert only that such a run ends by its token; the latency lives here.
/// <code>dotnet run -c Release --project bench/Taco.Benchmarks -- onnx-cancel-latency [--runs N]</code>
/// </summary>
internal static class CancellationLatency
{
    public static int Run(string[] args)
    {
        var runs = args is ["--runs", var n] ? int.Parse(n, CultureInfo.InvariantCulture) : 20;
        var runtime = OnnxRuntime.Initialize();
        using var session = InferenceSession.FromFile(runtime, Paths.TestModel("slow_loop.onnx"), new SessionOptions { IntraOpThreads = 1 });
        using var iterations = OrtValue.CreateTensor(runtime, new long[] { 10_000_000 }, []);
        var latencies = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            using var cts = new CancellationTokenSource();
            using var started = new ManualResetEventSlim();
            session.RunStarting = started.Set;
            long cancelled = 0;
            var run = Task.Factory.StartNew(
                () =>
                {
                    try
                    {
                        using var outputs = session.Run(new Dictionary<string, OrtValue> { ["iterations"] = iterations }, cancellationToken: cts.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return Stopwatch.GetElapsedTime(Interlocked.Read(ref cancelled)).TotalMilliseconds;
                    }

                    throw new InvalidOperationException("the run was not cancelled");
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
            started.Wait();
            Thread.Sleep(50 + (r * 7 % 40)); // well inside the loop, at a different point each time
            Interlocked.Exchange(ref cancelled, Stopwatch.GetTimestamp());
            cts.Cancel();
            latencies.Add(run.GetAwaiter().GetResult());
        }

        latencies.Sort();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"slow_loop cancelled mid-run, {runs} runs: median {latencies[runs / 2]:F2} ms, p90 {latencies[(int)(runs * 0.9)]:F2} ms, max {latencies[^1]:F2} ms from cancel to the exception"));
        return 0;
    }
}
