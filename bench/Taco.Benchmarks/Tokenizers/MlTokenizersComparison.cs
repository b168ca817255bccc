using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Taco.Benchmarks.Tokenizers;

/// <summary>
/// What Microsoft.ML.Tokenizers 3.0.0 can load of the tokenizer.json files taco uses, whether its ids
/// agree with Taco.Tokenizers, and encode time of ~10 KB for both (issue 14, item 6; docs/benchmarks.md).
/// Run: nice -n 10 dotnet run -c Release --project bench/Taco.Benchmarks -- ml-tokenizers [seconds]
/// </summary>
internal static class MlTokenizersComparison
{
    // GPT-2's pattern: what a ByteLevel pre-tokenizer with use_regex=true splits on.
    private const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public static int Run(string[] args)
    {
        var seconds = args is [var s, ..] ? double.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : 5;
        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}");
        var corpus = CorpusFiles.Load();
        var tenKb = TenKilobytes(corpus);
        Console.WriteLine($"timed text: {Encoding.UTF8.GetByteCount(tenKb)} UTF-8 bytes, {tenKb.Length} chars (corpus strings joined by newlines)");

        var files = new (string Name, string Directory)[]
        {
            ("taco-tiny", Path.Combine(CorpusFiles.RepoRoot(), "models", "taco-tiny")),
            ("qwen3", CorpusFiles.TokenizerDirectory("qwen3")),
            ("llama3", CorpusFiles.TokenizerDirectory("llama3")),
            ("llama2", CorpusFiles.TokenizerDirectory("llama2")),
        };

        foreach (var (name, directory) in files)
        {
            Console.WriteLine();
            Console.WriteLine($"== {name}");
            var json = Path.Combine(directory, "tokenizer.json");
            TryTokenizerJsonFactory(json);

            var ours = Taco.Tokenizers.Tokenizer.FromDirectory(directory);
            var theirs = BuildBpe(json, out var added);
            var probes = new[]
            {
                "Hello, world! The total is 1234567.89 EUR.",
                "naïve café — 日本語 テキスト, مرحبا, emoji 😀🍕 and e\u0301 combined",
                $"{added[0]}user\nWhat is 2+2?{added[^1]} tail",
                "  leading spaces,\ttabs\n\nand    runs   ",
            };
            foreach (var probe in probes)
            {
                var a = ours.Encode(probe, addSpecialTokens: false);
                var b = theirs.EncodeToIds(probe);
                Console.WriteLine($"  {(a.SequenceEqual(b) ? "same" : "DIFF")} {Show(probe)}");
                if (!a.SequenceEqual(b))
                {
                    Console.WriteLine($"    taco: [{string.Join(',', a.Take(24))}]");
                    Console.WriteLine($"    ml:   [{string.Join(',', b.Take(24))}]");
                }
            }

            var differ = corpus.Where(text => !ours.Encode(text, addSpecialTokens: false).SequenceEqual(theirs.EncodeToIds(text))).ToList();
            Console.WriteLine($"  corpus: {corpus.Length - differ.Count}/{corpus.Length} strings give the same ids; first that differ:");
            foreach (var text in differ.Take(4))
            {
                Console.WriteLine($"    {Show(text[..Math.Min(60, text.Length)])}");
            }

            var (tacoMean, tacoBest, tacoCount) = Time(() => ours.Encode(tenKb, addSpecialTokens: false).Length, seconds);
            var (mlMean, mlBest, mlCount) = Time(() => theirs.EncodeToIds(tenKb).Count, seconds);
            Console.WriteLine($"  encode 10 KB: taco mean {tacoMean:F3} ms best {tacoBest:F3} ms ({tacoCount} ids) | ml mean {mlMean:F3} ms best {mlBest:F3} ms ({mlCount} ids)");
        }

        Console.WriteLine();
        Console.WriteLine($"load average at end: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    // The one factory in 3.0.0 that reads a tokenizer.json (Unigram models only).
    private static void TryTokenizerJsonFactory(string json)
    {
        try
        {
            using var stream = File.OpenRead(json);
            SentencePieceTokenizer.CreateFromTokenizerJson(stream, addBeginningOfSentence: false, addEndOfSentence: false);
            Console.WriteLine("  SentencePieceTokenizer.CreateFromTokenizerJson: loaded");
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or JsonException or FormatException or InvalidDataException)
        {
            Console.WriteLine($"  SentencePieceTokenizer.CreateFromTokenizerJson: {e.GetType().Name}: {e.Message}");
        }
    }

    // The closest ML.Tokenizers equivalent built by hand from tokenizer.json: vocab + merges + added tokens,
    // the pre-tokenizer regex copied from the file. Normalizers and decoders are not carried over (see README).
    private static BpeTokenizer BuildBpe(string json, out string[] added)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
        var root = doc.RootElement;
        var model = root.GetProperty("model");
        var vocab = model.GetProperty("vocab").EnumerateObject().Select(p => new KeyValuePair<string, int>(p.Name, p.Value.GetInt32())).ToList();
        var merges = model.GetProperty("merges").EnumerateArray().Select(m => m.ValueKind == JsonValueKind.Array
            ? $"{m[0].GetString()} {m[1].GetString()}"
            : m.GetString()!).ToList();
        var special = root.GetProperty("added_tokens").EnumerateArray().ToDictionary(t => t.GetProperty("content").GetString()!, t => t.GetProperty("id").GetInt32());
        added = [.. special.Keys];
        var byteLevel = root.GetProperty("decoder").GetRawText().Contains("\"ByteLevel\"", StringComparison.Ordinal);
        var pattern = root.GetProperty("pre_tokenizer").GetRawText() is var pre && pre.Contains("\"Regex\"", StringComparison.Ordinal)
            ? Regex.Match(pre, "\"Regex\":\\s*(\"(?:[^\"\\\\]|\\\\.)*\")").Groups[1].Value is var quoted ? JsonSerializer.Deserialize<string>(quoted)! : null
            : byteLevel ? Gpt2Pattern : null;
        var options = new BpeOptions(vocab)
        {
            Merges = merges,
            SpecialTokens = special,
            ByteLevel = byteLevel,
            // No pre-tokenizer in the file means the whole text is one word; ML.Tokenizers would otherwise split on whitespace.
            PreTokenizer = new RegexPreTokenizer(new Regex(pattern ?? "(?s).+", RegexOptions.Compiled), special),
            Normalizer = byteLevel ? null : new MetaspaceNormalizer(),
            UnknownToken = model.TryGetProperty("unk_token", out var unk) && unk.ValueKind == JsonValueKind.String ? unk.GetString() : null,
        };
        return BpeTokenizer.Create(options);
    }

    private static (double MeanMs, double BestMs, int Count) Time(Func<int> encode, double seconds)
    {
        var count = 0;
        for (var i = 0; i < 3; ++i)
        {
            count = encode();
        }

        var best = double.MaxValue;
        var passes = 0;
        var total = Stopwatch.StartNew();
        while (total.Elapsed.TotalSeconds < seconds)
        {
            var one = Stopwatch.StartNew();
            encode();
            best = Math.Min(best, one.Elapsed.TotalMilliseconds);
            ++passes;
        }

        return (total.Elapsed.TotalMilliseconds / passes, best, count);
    }

    private static string TenKilobytes(string[] corpus)
    {
        var text = new StringBuilder();
        foreach (var s in corpus)
        {
            if (Encoding.UTF8.GetByteCount(text.ToString()) >= 10_000)
            {
                break;
            }

            text.Append(s).Append('\n');
        }

        return text.ToString();
    }

    private static string Show(string probe) => probe.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);

    // Llama-2's normalizer (Prepend "▁", Replace " " → "▁"): ML.Tokenizers has no such normalizer type.
    private sealed class MetaspaceNormalizer : Normalizer
    {
        public override string Normalize(string original) => "\u2581" + original.Replace(' ', '\u2581');

        public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());
    }
}
