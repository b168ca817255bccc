using System.Diagnostics;
using System.Globalization;
using Taco.Onnx;
using Taco.Tools;
using Taco.Tools.Ocr.PpOcr;

namespace Taco.Benchmarks.PpOcr;

/// <summary>
/// Where PP-OCR's time goes on 640×480 photo-like signs, after warm-up and one-time model load:
/// the whole <see cref="PpOcrEngine.Recognize"/> per image, and the ONNX Runtime part of it
/// re-created with the same tensor shapes on separate sessions (detector on the 640×480 input; the
/// 180° classifier and the recognizer on the engine's batches, from the widths of the lines it read).
/// Our managed code (resize, normalisation, DB post-processing, warps, decoding) is the remainder.
/// <code>dotnet run -c Release --project bench/Taco.Benchmarks -- ppocr-latency [--runs N]</code>
/// </summary>
internal static class PpOcrLatency
{
    private const int LineHeight = PpOcrEngine.LineHeight;

    public static int Run(string[] args)
    {
        var runs = args is ["--runs", var n] ? int.Parse(n, CultureInfo.InvariantCulture) : 5;
        var folder = Path.Combine(Paths.RepoRoot, "models", "recipes", "fixtures", "ppocr", "committed");
        var images = Directory.GetFiles(folder, "photo-*.ppm.gz").Order(StringComparer.Ordinal)
            .Select(PnmGz.Read).Where(i => i.Width == 640 && i.Height == 480).ToList();

        var watch = Stopwatch.StartNew();
        var engine = new PpOcrEngine();
        var load = watch.Elapsed.TotalMilliseconds;
        var runtime = OnnxRuntime.Initialize();
        var files = engine.Files;
        using var det = InferenceSession.FromFile(runtime, files.Detector);
        using var rec = InferenceSession.FromFile(runtime, files.Recognizer);
        using var cls = InferenceSession.FromFile(runtime, files.Classifier!);

        double total = 0, detMs = 0, recMs = 0, clsMs = 0;
        var lines = 0;
        foreach (var image in images)
        {
            var result = engine.Recognize(image);
            // The lines' boxes are axis-aligned bounds of the quads the engine cut out, so on tilted text these widths are approximate.
            var widths = result.Lines.Select(l => PpOcrEngine.LineImageWidth(l.Box.Width * image.Width, l.Box.Height * image.Height, engine.Options.LineSampling))
                .Order().ToList();
            Time(det, runtime, [1, 3, 480, 640]);
            foreach (var batch in Batches(widths, engine.Options))
            {
                Time(rec, runtime, batch);
                Time(cls, runtime, [batch[0], 3, LineHeight, PpOcrEngine.ClassifierWidth]);
            }

            for (var r = 0; r < runs; r++)
            {
                watch.Restart();
                engine.Recognize(image);
                total += watch.Elapsed.TotalMilliseconds;
                detMs += Time(det, runtime, [1, 3, 480, 640]);
                foreach (var batch in Batches(widths, engine.Options))
                {
                    recMs += Time(rec, runtime, batch);
                    clsMs += Time(cls, runtime, [batch[0], 3, LineHeight, PpOcrEngine.ClassifierWidth]);
                }
            }

            lines += widths.Count;
        }

        var count = (double)images.Count * runs;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PP-OCR latency: {images.Count} photo-like 640x480 signs ({lines} lines), {runs} runs each after one warm-up; model load {load:F0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"per image: total {total / count:F0} ms = detector {detMs / count:F0} + classifier {clsMs / count:F0} + recognizer {recMs / count:F0} + our code {(total - detMs - clsMs - recMs) / count:F0} ms"));
        engine.Dispose();
        return 0;
    }

    // The engine's recognizer batches: lines sorted by width, RecognitionBatchSize at a time, padded to the widest (at least RecognitionMinWidth).
    private static IEnumerable<long[]> Batches(List<int> widths, PpOcrOptions options)
    {
        for (var start = 0; start < widths.Count; start += options.RecognitionBatchSize)
        {
            var n = Math.Min(options.RecognitionBatchSize, widths.Count - start);
            yield return [n, 3, LineHeight, Math.Max(options.RecognitionMinWidth, widths[start + n - 1])];
        }
    }

    private static double Time(InferenceSession session, OnnxRuntime runtime, long[] shape)
    {
        var input = new float[shape.Aggregate(1L, (a, b) => a * b)];
        using var tensor = OrtValue.CreateTensor(runtime, input, shape);
        var watch = Stopwatch.StartNew();
        using var outputs = session.Run(new Dictionary<string, OrtValue> { [session.Inputs[0].Name] = tensor });
        return watch.Elapsed.TotalMilliseconds;
    }
}
