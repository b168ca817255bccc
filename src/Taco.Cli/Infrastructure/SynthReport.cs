using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Taco.Agent.Synthesis;

namespace Taco.Cli.Infrastructure;

/// <summary>
/// What <c>taco synth</c> did: items read, traces kept, traces dropped per category and reason, the
/// bad lines and a few examples of each drop — written as <c>&lt;output&gt;.report.json</c> and summed up on standard error.
/// </summary>
internal sealed class SynthReport(string profile)
{
    private const int ExamplesPerReason = 5;

    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, Category> _categories = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, List<Example>> _examples = new(StringComparer.Ordinal);

    public int Read { get; private set; }

    public int Kept { get; private set; }

    public int Dropped => Read - Kept;

    public void Add(string category, string? reason, string? id, int line, string? detail)
    {
        lock (_gate)
        {
            Read++;
            if (!_categories.TryGetValue(category, out var counts))
            {
                _categories[category] = counts = new Category();
            }

            counts.Items++;
            if (reason is null)
            {
                Kept++;
                counts.Kept++;
                return;
            }

            counts.Dropped[reason] = counts.Dropped.GetValueOrDefault(reason) + 1;
            if (!_examples.TryGetValue(reason, out var examples))
            {
                _examples[reason] = examples = [];
            }

            // Bad lines are all listed (each must be mended); other drops by a few examples each.
            if (reason == DropReasons.BadPlan || examples.Count < ExamplesPerReason)
            {
                examples.Add(new Example(id, line, detail));
            }
        }
    }

    public SortedDictionary<string, int> Reasons()
    {
        lock (_gate)
        {
            var totals = new SortedDictionary<string, int>(StringComparer.Ordinal);
            foreach (var (reason, count) in _categories.Values.SelectMany(c => c.Dropped))
            {
                totals[reason] = totals.GetValueOrDefault(reason) + count;
            }

            return totals;
        }
    }

    public void Write(string path, double seconds, bool cancelled)
    {
        lock (_gate)
        {
            var report = new Dictionary<string, object?>
            {
                ["profile"] = profile,
                ["items"] = Read,
                ["kept"] = Kept,
                ["dropped"] = Dropped,
                ["reasons"] = Reasons(),
                ["categories"] = _categories,
                ["examples"] = _examples,
                ["seconds"] = Math.Round(seconds, 1),
                ["items_per_second"] = seconds > 0 ? Math.Round(Read / seconds, 3) : 0,
            };
            if (cancelled)
            {
                report["cancelled"] = true;
            }

            File.WriteAllText(path, JsonSerializer.Serialize(report, Json) + "\n");
        }
    }

    /// <summary><c>120 items, 100 kept, 20 dropped (number_not_read 12, wrong_answer 8)</c>, then one such line per category.</summary>
    public string Summary()
    {
        lock (_gate)
        {
            var sb = new StringBuilder(Line(Read, Kept, Reasons()));
            foreach (var (name, c) in _categories)
            {
                sb.Append('\n').Append("  ").Append(name).Append(": ").Append(Line(c.Items, c.Kept, c.Dropped));
            }

            return sb.ToString();
        }
    }

    private static string Line(int items, int kept, IEnumerable<KeyValuePair<string, int>> reasons)
    {
        var why = string.Join(", ", reasons.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Key} {r.Value}")));
        return string.Create(CultureInfo.InvariantCulture, $"{items} items, {kept} kept, {items - kept} dropped") + (why.Length > 0 ? $" ({why})" : string.Empty);
    }

    private static readonly JsonSerializerOptions Json = new(CliJson.Options) { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed class Category
    {
        public int Items { get; set; }

        public int Kept { get; set; }

        public SortedDictionary<string, int> Dropped { get; } = new(StringComparer.Ordinal);
    }

    private sealed record Example(
        [property: JsonPropertyName("id")] string? Id,
        [property: JsonPropertyName("line")] int Line,
        [property: JsonPropertyName("detail")] string? Detail);
}
