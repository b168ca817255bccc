using System.Globalization;
using Taco.Onnx;

namespace Taco.Cli.Commands;

/// <summary>
/// Runs the embedded 64×64 MatMul model (models/testdata/onnx/matmul_small.onnx, weights
/// W[i,j] = ((7i + 3j) mod 11 − 5) / 10) and compares with the product computed here.
/// </summary>
internal static class SelfCheck
{
    public static string RunMatMul(OnnxRuntime runtime)
    {
        using var stream = typeof(SelfCheck).Assembly.GetManifestResourceStream("Taco.Cli.Resources.selfcheck_matmul.onnx")
            ?? throw new InvalidOperationException("the embedded self-check model is missing from this build");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        using var session = InferenceSession.FromBytes(runtime, buffer.ToArray(), new SessionOptions { IntraOpThreads = 1 });
        var x = Enumerable.Range(0, 64).Select(i => (float)((i % 7) - 3)).ToArray();
        using var input = OrtValue.CreateTensor(runtime, x, 1, 64);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var outputs = session.Run(new Dictionary<string, OrtValue> { ["x"] = input });
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var y = outputs["y"].GetTensorSpan<float>();
        double worst = 0;
        for (var j = 0; j < 64; j++)
        {
            double expected = 0;
            for (var i = 0; i < 64; i++)
            {
                expected += x[i] * ((((7 * i) + (3 * j)) % 11) - 5) / 10.0;
            }

            worst = Math.Max(worst, Math.Abs(expected - y[j]));
        }

        return worst < 1e-3
            ? string.Create(CultureInfo.InvariantCulture, $"1x64 · 64x64 MatMul matches (max |Δ| {worst:G2}) in {elapsed.TotalMilliseconds:F2} ms")
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"MatMul result differs from the expected product by {worst:G3}"));
    }
}
