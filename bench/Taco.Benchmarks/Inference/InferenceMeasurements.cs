using System.Diagnostics;
using System.Globalization;
using Taco.Imaging;
using Taco.Inference;
using Taco.Inference.Generation;
using Taco.Inference.Models;
using Taco.Tokenizers.ChatTemplates;

namespace Taco.Benchmarks.Inference;

/// <summary>
/// Generation figures on the tiny models: time to first token, decode tokens/s, the share of a decode step
/// spent outside ONNX Runtime's Run, tokens processed per CoTA turn with the cache kept vs. re-prefilled,
/// and the cache size / peak RSS of a 2,048-token conversation. Medians over repetitions after warm-up.
/// </summary>
internal static class InferenceMeasurements
{
    private const int Repetitions = 15;
    private const int DecodeTokens = 64;

    private static readonly string Observation =
        "OBSERVATION:\n{'image': 'image-1: <image>'}\nThe OBSERVATION can be incomplete or incorrect, so please be critical and decide how to make use of it. "
        + "If you've gathered sufficient information to answer the question, call Terminate with the final answer. Now, please generate the response for the next step.";

    /// <param name="decodeOnly">Only the first table (time to first token, decode speed, CPU split, allocation), for A/B runs.</param>
    public static void Run(string repoRoot, int threads, bool decodeOnly = false)
    {
        Console.WriteLine($"threads={threads} processors={Environment.ProcessorCount} runtime={Environment.Version}");
        RunClock.CpuClock = ThreadCpuClock.Nanoseconds;
        foreach (var (name, dtype) in new[] { ("tiny-llava", ModelDtype.Fp32), ("tiny-llava", ModelDtype.Fp16), ("tiny-idefics3", ModelDtype.Fp32), ("tiny-idefics3", ModelDtype.Fp16) })
        {
            using var model = VisionLanguageModel.Load(Path.Combine(repoRoot, "models", name), new ModelLoadOptions
            {
                Dtype = dtype,
                SessionOptions = new Taco.Onnx.SessionOptions { IntraOpThreads = threads, InterOpThreads = 1 },
            });
            var image = ImageDecoder.Decode(Path.Combine(repoRoot, "models", "goldens", "images", "scene_a.png"));
            var second = ImageDecoder.Decode(Path.Combine(repoRoot, "models", "goldens", "images", "receipt_b.png"));
            Latency(model, $"{name} {dtype}", image);
            if (!decodeOnly)
            {
                Cota(model, $"{name} {dtype}", image, second);
            }
        }

        if (decodeOnly)
        {
            return;
        }

        using (var model = VisionLanguageModel.Load(Path.Combine(repoRoot, "models", "tiny-llava"), new ModelLoadOptions { Dtype = ModelDtype.Fp16 }))
        {
            LongConversation(model, ImageDecoder.Decode(Path.Combine(repoRoot, "models", "goldens", "images", "scene_a.png")));
        }
    }

    private static string Prompt(VisionLanguageModel model, string text) =>
        model.Tokenizer.ApplyChatTemplate([ChatTemplateMessage.FromParts("user", ChatContentPart.Image(), ChatContentPart.FromText(text))], addGenerationPrompt: true);

    private static void Latency(VisionLanguageModel model, string label, RgbImage image)
    {
        var prompt = Prompt(model, "# USER REQUEST #:\nWhich object is closer to the camera?\nNow please generate your response:\n");
        var ttft = new List<double>();
        var decodeRate = new List<double>();
        var cpuPerToken = new List<double>();
        var runPerToken = new List<double>();
        var bytesPerToken = new List<double>();
        var promptTokens = 0;
        for (var rep = -3; rep < Repetitions; rep++)
        {
            using var conversation = model.CreateConversation();
            var start = Stopwatch.GetTimestamp();
            conversation.AppendText(prompt, [image]);
            conversation.Generate(new GenerationOptions { MaxNewTokens = 1, EosTokenIds = [] });
            var firstTokenMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            promptTokens = conversation.Steps[0].TokensProcessed;

            // Thread CPU time (ONNX Runtime computes on this thread with one intra-op thread), so time the
            // thread spends preempted by other work on the machine counts on neither side.
            var runCpuBefore = conversation.Clock.CpuNanoseconds;
            var cpuStart = ThreadCpuClock.Nanoseconds();
            var options = new GenerationOptions { MaxNewTokens = DecodeTokens, EosTokenIds = [] };
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var decodeStart = Stopwatch.GetTimestamp();
            conversation.Generate(options);
            var decodeWall = Stopwatch.GetElapsedTime(decodeStart);
            var loopCpu = ThreadCpuClock.Nanoseconds() - cpuStart;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            var runCpu = conversation.Clock.CpuNanoseconds - runCpuBefore;
            if (rep < 0)
            {
                continue;
            }

            ttft.Add(firstTokenMs);
            decodeRate.Add(DecodeTokens / decodeWall.TotalSeconds);
            cpuPerToken.Add(loopCpu / 1000.0 / DecodeTokens);
            runPerToken.Add(runCpu / 1000.0 / DecodeTokens);
            bytesPerToken.Add((double)allocated / DecodeTokens);
        }

        var cpu = Median(cpuPerToken);
        var inRun = Median(runPerToken);
        var rate = Median(decodeRate);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {promptTokens} | {Median(ttft):F2} ms | {rate:F0} tok/s | {cpu:F1} µs | {inRun:F1} µs | {cpu - inRun:F1} µs ({(cpu - inRun) / cpu * 100:F1} %) | {1e6 / rate:F1} µs | {Median(bytesPerToken):F0} B |"));
    }

    /// <summary>A four-turn CoTA dialogue (image in turn 1, a second image in turn 2's observation).</summary>
    private static void Cota(VisionLanguageModel model, string label, RgbImage image, RgbImage second)
    {
        var eot = model.Directory.Family == ModelFamily.Llava ? "<|im_end|>\n<|im_start|>user\n" : "<end_of_utterance>\nUser: ";
        var next = model.Directory.Family == ModelFamily.Llava ? "<|im_end|>\n<|im_start|>assistant\n" : "<end_of_utterance>\nAssistant:";
        var reuseMs = new List<double>[4];
        var prefillMs = new List<double>[4];
        var reuseTokens = new int[4];
        var prefillTokens = new int[4];
        for (var t = 0; t < 4; t++)
        {
            reuseMs[t] = [];
            prefillMs[t] = [];
        }

        for (var rep = -2; rep < Repetitions; rep++)
        {
            using var conversation = model.CreateConversation();
            var images = new List<Taco.Inference.Preprocessing.ProcessedImage>();
            for (var t = 0; t < 4; t++)
            {
                var turnImage = t == 1 ? second : t == 0 ? image : null;
                var text = t == 0
                    ? Prompt(model, "# USER REQUEST #:\nWhich object is closer to the camera?\nNow please generate your response:\n")
                    : eot + (t == 1 ? Observation : Observation.Replace("<image>", "no image", StringComparison.Ordinal)) + next;
                var processed = turnImage is null ? [] : new[] { model.ImageProcessor.Process(turnImage) };
                images.AddRange(processed);
                conversation.AppendText(text, processed);

                // What a stateless runtime would do: re-prefill the whole history (with every image so far).
                using (var fresh = model.CreateConversation())
                {
                    fresh.AppendTokens(conversation.TokenIds, images);
                    var s = Stopwatch.GetTimestamp();
                    fresh.Forward();
                    if (rep >= 0)
                    {
                        prefillMs[t].Add(Stopwatch.GetElapsedTime(s).TotalMilliseconds);
                    }

                    prefillTokens[t] = fresh.Steps[0].TokensProcessed;
                }

                var start = Stopwatch.GetTimestamp();
                conversation.Forward();
                if (rep >= 0)
                {
                    reuseMs[t].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }

                reuseTokens[t] = conversation.Steps[^1].TokensProcessed;
                conversation.Generate(new GenerationOptions { MaxNewTokens = 32, EosTokenIds = [] });
            }
        }

        for (var t = 0; t < 4; t++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | turn {t + 1} | {reuseTokens[t]} | {Median(reuseMs[t]):F2} ms | {prefillTokens[t]} | {Median(prefillMs[t]):F2} ms |"));
        }
    }

    private static void LongConversation(VisionLanguageModel model, RgbImage image)
    {
        using var conversation = model.CreateConversation();
        conversation.AppendText(Prompt(model, "Describe the image."), [image]);
        var start = Stopwatch.GetTimestamp();
        conversation.Generate(new GenerationOptions { MaxNewTokens = 2048 - conversation.Length, EosTokenIds = [] });
        var wall = Stopwatch.GetElapsedTime(start);
        var hwm = File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"2048-token conversation (tiny-llava fp16): length {conversation.Length}, KV cache {conversation.CacheBytes / 1024.0:F0} KiB, "
            + $"{wall.TotalSeconds:F1} s, last step {conversation.Steps[^1].Elapsed.TotalMilliseconds:F2} ms, process {hwm.Replace("\t", " ", StringComparison.Ordinal)}"));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
