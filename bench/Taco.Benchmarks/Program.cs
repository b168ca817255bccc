using BenchmarkDotNet.Running;

namespace Taco.Benchmarks;

internal static class Program
{
    private static int Main(string[] args)
    {
        // Measurement commands that are not BenchmarkDotNet classes (they compare against an external process).
        if (args is ["ppocr-parity", .. var rest])
        {
            return PpOcr.PpOcrParity.Run(rest);
        }

        if (args is ["ppocr-latency", .. var more])
        {
            return PpOcr.PpOcrLatency.Run(more);
        }

        if (args is ["onnx-cancel-latency", .. var tail])
        {
            return Onnx.CancellationLatency.Run(tail);
        }

        if (args is ["ml-tokenizers", .. var timed])
        {
            return Tokenizers.MlTokenizersComparison.Run(timed);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
