using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Taco.Imaging;
using Taco.Tools;
using Taco.Tools.Ocr;
using Taco.Tools.Ocr.PpOcr;
using Taco.Tools.Tests.Ocr;

namespace Taco.Benchmarks.PpOcr;

/// <summary>
/// Parity run: taco's PP-OCR pipeline and the JavaScript reference (@gutenye/ocr-node 1.4.8 on
/// onnxruntime-node 1.30.0, same model files; <c>models/recipes/verify/ppocr_parity.mjs</c>) on the
/// same PNG files, alternating image by image in one run so both see the same machine load.
/// Reports, per detected box and per row: the share of lines whose text is identical (and identical
/// ignoring spaces), the IoU of matched boxes, CER against the fixtures' truth for both, and
/// per-image latency (decode + OCR, models loaded, after one warm-up image).
/// <code>dotnet run -c Release --project bench/Taco.Benchmarks -- ppocr-parity [--images DIR] [--repeat N] [--show-diffs] [--set Name=Value]... [--fixtures DIR]...</code>
/// Without <c>--images</c> the fixtures (default: the committed OCR and PP-OCR sets; <c>--fixtures</c> names other
/// folders made by the same recipes, e.g. a held-out set with another seed) are written as PNG to a temporary folder.
/// <c>--set</c> changes one <see cref="PpOcrOptions"/> property of taco's side, e.g. <c>--set UseAngleClassifier=false</c>.
/// </summary>
internal static class PpOcrParity
{
    private const double MatchIou = 0.5;

    public static int Run(string[] args)
    {
        string? images = null;
        var repeat = 1;
        var showDiffs = false;
        var options = PpOcrOptions.Default;
        var fixtures = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--images":
                    images = args[++i];
                    break;
                case "--repeat":
                    repeat = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--show-diffs":
                    showDiffs = true;
                    break;
                case "--fixtures":
                    fixtures.Add(args[++i]);
                    break;
                case "--set":
                    options = With(options, args[++i]);
                    break;
                default:
                    Console.Error.WriteLine($"ppocr-parity: unknown argument {args[i]}");
                    return 2;
            }
        }

        if (fixtures.Count == 0)
        {
            fixtures.AddRange(CommittedFixtures());
        }

        var truth = LoadTruth(fixtures);
        var temp = images is null ? Directory.CreateTempSubdirectory("taco-ppocr-parity-").FullName : null;
        try
        {
            images ??= WriteFixtures(fixtures, temp!);
            var files = Directory.GetFiles(images, "*.png").Order(StringComparer.Ordinal).ToList();
            return Compare(files, truth, repeat, showDiffs, options);
        }
        finally
        {
            if (temp is not null)
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>A copy of <paramref name="options"/> with one property set from "Name=Value" (numbers, booleans, enum names).</summary>
    internal static PpOcrOptions With(PpOcrOptions options, string assignment)
    {
        var (name, value) = assignment.Split('=', 2) is [var n, var v] ? (n, v) : throw new ArgumentException($"--set wants Name=Value, not '{assignment}'");
        var property = typeof(PpOcrOptions).GetProperty(name) ?? throw new ArgumentException($"PpOcrOptions has no property {name}");
        var type = property.PropertyType;
        object parsed = type.IsEnum ? Enum.Parse(type, value, ignoreCase: true) : Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
        var copy = options with { };
        property.SetValue(copy, parsed);
        return copy;
    }

    private static int Compare(List<string> files, Dictionary<string, (string Text, string[] Numbers)> truth, int repeat, bool showDiffs, PpOcrOptions options)
    {
        using var engine = new PpOcrEngine(options);
        using var node = Reference.Start();
        var boxTally = new Tally();
        var rowTally = new Tally();
        var kinds = new SortedDictionary<string, KindStats>(StringComparer.Ordinal);
        var ourTimes = new List<double>();
        var refTimes = new List<double>();

        // Warm-up: one image through both, not counted.
        Ours(engine, files[0]);
        node.Read(files[0]);

        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            OcrResult? ours = null;
            Reference.Result? theirs = null;
            double ourMs = 0, refMs = 0;
            for (var r = 0; r < repeat; r++)
            {
                // Alternate who goes first, so a load spike does not always hit the same side.
                if (r % 2 == 0)
                {
                    (ours, var elapsed) = Ours(engine, file);
                    ourMs += elapsed;
                    theirs = node.Read(file);
                    refMs += theirs.Ms;
                }
                else
                {
                    theirs = node.Read(file);
                    refMs += theirs.Ms;
                    (ours, var elapsed) = Ours(engine, file);
                    ourMs += elapsed;
                }
            }

            ourMs /= repeat;
            refMs /= repeat;
            ourTimes.Add(ourMs);
            refTimes.Add(refMs);

            var width = theirs!.Width;
            var height = theirs.Height;
            var oursBoxes = ours!.Lines.Select(l => new Line(l.Text, Pixels(l.Box, width, height))).ToList();
            var refBoxes = theirs.Boxes.Where(b => b.Mean >= 0.5 && b.Text.Trim().Length > 0).Select(b => new Line(b.Text.Trim(), b.Bounds)).ToList();
            var imageBox = new Tally();
            Match(oursBoxes, refBoxes, imageBox, showDiffs ? $"{name} box" : null);
            boxTally.Add(imageBox);
            Match(OurRows(ours, width, height), theirs.Lines.Select(l => new Line(l.Text.Trim(), l.Bounds)).ToList(), rowTally, showDiffs ? $"{name} row" : null);

            var kind = name.Split('-') is [var condition, _, var k, ..] ? $"{condition}/{k}" : "other";
            if (!kinds.TryGetValue(kind, out var entry))
            {
                kinds[kind] = entry = new KindStats();
            }

            entry.Box.Add(imageBox);
            if (truth.TryGetValue(name, out var t))
            {
                var ourText = ours.Text;
                var refText = string.Join('\n', theirs.Lines.Select(l => l.Text));
                var length = OcrMetrics.Normalize(t.Text).Length;
                entry.OurEdits += OcrMetrics.CharacterErrors(ourText, t.Text).Edits;
                entry.RefEdits += OcrMetrics.CharacterErrors(refText, t.Text).Edits;
                entry.Length += length;
                entry.OurNumbers += OcrMetrics.NumbersFound(ourText, t.Numbers);
                entry.RefNumbers += OcrMetrics.NumbersFound(refText, t.Numbers);
                entry.Numbers += OcrMetrics.NumbersFound(t.Text, t.Numbers);
            }

            entry.OurMs += ourMs;
            entry.RefMs += refMs;
            entry.N++;
        }

        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"PP-OCR parity: {files.Count} images, taco vs @gutenye/ocr-node 1.4.8 (onnxruntime-node 1.30.0), same model files; repeat {repeat}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"taco options: {options}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"per box: {boxTally}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"per row: {rowTally}");
        sb.AppendLine("kind               boxes  identical  no-space   IoU   CER taco  CER ref  numbers taco  ref   ms taco  ms ref");
        foreach (var (kind, e) in kinds)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{kind,-18} {e.Box.Lines,5}  {e.Box.IdenticalShare,8:P1}  {e.Box.NoSpaceShare,8:P1}  {e.Box.MeanIou,5:F3}  {Percent(e.OurEdits, e.Length),7}  {Percent(e.RefEdits, e.Length),7}  {e.OurNumbers,7}/{e.Numbers,-3} {e.RefNumbers,4}  {e.OurMs / e.N,7:F0}  {e.RefMs / e.N,6:F0}");
        }

        foreach (var condition in kinds.GroupBy(k => k.Key.Split('/')[0]))
        {
            var e = condition.Select(k => k.Value).ToList();
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{condition.Key + " (all)",-18} CER taco {Percent(e.Sum(k => k.OurEdits), e.Sum(k => k.Length))} ref {Percent(e.Sum(k => k.RefEdits), e.Sum(k => k.Length))}; numbers taco {e.Sum(k => k.OurNumbers)}/{e.Sum(k => k.Numbers)} ref {e.Sum(k => k.RefNumbers)}");
        }

        sb.AppendLine(CultureInfo.InvariantCulture,
            $"latency per image (decode + OCR, ms): taco mean {ourTimes.Average():F0} median {Median(ourTimes):F0}; reference mean {refTimes.Average():F0} median {Median(refTimes):F0}; taco faster on {ourTimes.Zip(refTimes).Count(p => p.First < p.Second)}/{files.Count} images");
        Console.Write(sb.ToString());
        return 0;
    }

    private static string Percent(long edits, long length) => length == 0 ? "-" : (100.0 * edits / length).ToString("F2", CultureInfo.InvariantCulture) + "%";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static (OcrResult Result, double Ms) Ours(PpOcrEngine engine, string file)
    {
        var watch = Stopwatch.StartNew();
        var result = engine.Recognize(ImageDecoder.Decode(file));
        return (result, watch.Elapsed.TotalMilliseconds);
    }

    // Our rows are the lines of Text; each row's box is the union of the regions it was joined from.
    private static List<Line> OurRows(OcrResult result, int width, int height)
    {
        var rows = new List<Line>();
        var next = 0;
        foreach (var row in result.Text.Split('\n'))
        {
            var parts = new List<OcrLine>();
            while (next < result.Lines.Length && string.Join(' ', parts.Select(p => p.Text)) != row)
            {
                parts.Add(result.Lines[next++]);
            }

            if (parts.Count == 0)
            {
                continue;
            }

            var box = new BoundingBox(parts.Min(p => p.Box.Left), parts.Min(p => p.Box.Top), parts.Max(p => p.Box.Right), parts.Max(p => p.Box.Bottom));
            rows.Add(new Line(row, Pixels(box, width, height)));
        }

        return rows;
    }

    private static BoundingBox Pixels(BoundingBox box, int width, int height) =>
        new(box.Left * width, box.Top * height, box.Right * width, box.Bottom * height);

    // Greedy one-to-one matching by IoU (best pairs first); unmatched lines on either side count as differing.
    private static void Match(List<Line> ours, List<Line> theirs, Tally tally, string? diffLabel)
    {
        var pairs = new List<(int O, int T, double Iou)>();
        for (var o = 0; o < ours.Count; o++)
        {
            for (var t = 0; t < theirs.Count; t++)
            {
                var iou = Iou(ours[o].Box, theirs[t].Box);
                if (iou >= MatchIou)
                {
                    pairs.Add((o, t, iou));
                }
            }
        }

        var usedO = new bool[ours.Count];
        var usedT = new bool[theirs.Count];
        foreach (var (o, t, iou) in pairs.OrderByDescending(p => p.Iou))
        {
            if (usedO[o] || usedT[t])
            {
                continue;
            }

            usedO[o] = usedT[t] = true;
            var same = ours[o].Text == theirs[t].Text;
            var sameNoSpace = NoSpaces(ours[o].Text) == NoSpaces(theirs[t].Text);
            tally.Matched(same, sameNoSpace, iou);
            if (!same && diffLabel is not null)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {diffLabel}: taco '{ours[o].Text}'  ref '{theirs[t].Text}'  IoU {iou:F2}"));
            }
        }

        for (var o = 0; o < ours.Count; o++)
        {
            if (!usedO[o])
            {
                tally.Unmatched();
                if (diffLabel is not null)
                {
                    Console.WriteLine($"  {diffLabel}: taco only '{ours[o].Text}' {ours[o].Box}");
                }
            }
        }

        for (var t = 0; t < theirs.Count; t++)
        {
            if (!usedT[t])
            {
                tally.Unmatched();
                if (diffLabel is not null)
                {
                    Console.WriteLine($"  {diffLabel}: ref only '{theirs[t].Text}' {theirs[t].Box}");
                }
            }
        }
    }

    private static double Iou(BoundingBox a, BoundingBox b)
    {
        var w = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
        var h = Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top);
        if (w <= 0 || h <= 0)
        {
            return 0;
        }

        var inter = w * h;
        return inter / (((a.Right - a.Left) * (a.Bottom - a.Top)) + ((b.Right - b.Left) * (b.Bottom - b.Top)) - inter);
    }

    private static string NoSpaces(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

    private static IEnumerable<string> CommittedFixtures() =>
    [
        Path.Combine(Paths.RepoRoot, "models", "recipes", "fixtures", "ocr", "committed"),
        Path.Combine(Paths.RepoRoot, "models", "recipes", "fixtures", "ppocr", "committed"),
    ];

    private static Dictionary<string, (string Text, string[] Numbers)> LoadTruth(List<string> folders)
    {
        var truth = new Dictionary<string, (string, string[])>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "truth.json")));
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                truth[item.GetProperty("name").GetString()!] = (
                    item.GetProperty("text").GetString()!,
                    [.. item.GetProperty("numbers").EnumerateArray().Select(n => n.GetString()!)]);
            }
        }

        return truth;
    }

    private static string WriteFixtures(List<string> folders, string folder)
    {
        foreach (var file in folders.SelectMany(f => Directory.GetFiles(f, "*.p?m.gz")))
        {
            var buffer = PnmGz.Read(file);
            var name = Path.GetFileName(file).Split('.')[0];
            if (File.Exists(Path.Combine(folder, name + ".png")))
            {
                throw new ArgumentException($"two fixture folders both have an image named {name}; compare them in separate runs");
            }

            File.WriteAllBytes(Path.Combine(folder, name + ".png"), ImageEncoder.EncodePng(buffer));
        }

        return folder;
    }

    private sealed record Line(string Text, BoundingBox Box);

    private sealed class KindStats
    {
        public Tally Box { get; } = new();

        public long OurEdits { get; set; }

        public long RefEdits { get; set; }

        public long Length { get; set; }

        public int OurNumbers { get; set; }

        public int RefNumbers { get; set; }

        public int Numbers { get; set; }

        public double OurMs { get; set; }

        public double RefMs { get; set; }

        public int N { get; set; }
    }

    private sealed class Tally
    {
        private double _iouSum;

        public int Lines { get; private set; }

        public int MatchedCount { get; private set; }

        public int Identical { get; private set; }

        public int IdenticalNoSpace { get; private set; }

        public double IdenticalShare => Lines == 0 ? 1 : (double)Identical / Lines;

        public double NoSpaceShare => Lines == 0 ? 1 : (double)IdenticalNoSpace / Lines;

        public double MeanIou => MatchedCount == 0 ? 0 : _iouSum / MatchedCount;

        public void Matched(bool same, bool sameNoSpace, double iou)
        {
            Lines++;
            MatchedCount++;
            Identical += same ? 1 : 0;
            IdenticalNoSpace += sameNoSpace ? 1 : 0;
            _iouSum += iou;
        }

        public void Unmatched() => Lines++;

        public void Add(Tally other)
        {
            Lines += other.Lines;
            MatchedCount += other.MatchedCount;
            Identical += other.Identical;
            IdenticalNoSpace += other.IdenticalNoSpace;
            _iouSum += other._iouSum;
        }

        public override string ToString() => string.Create(
            CultureInfo.InvariantCulture,
            $"{Lines} lines ({MatchedCount} matched at IoU >= {MatchIou}), identical text {IdenticalShare:P1} ({Identical}), identical ignoring spaces {NoSpaceShare:P1} ({IdenticalNoSpace}), mean IoU of matched {MeanIou:F3}");
    }

    /// <summary>The reference as a child process: one image path in, one JSON line out.</summary>
    private sealed class Reference : IDisposable
    {
        private readonly Process _process;

        private Reference(Process process) => _process = process;

        public static Reference Start()
        {
            var script = Path.Combine(Paths.RepoRoot, "models", "recipes", "verify", "ppocr_parity.mjs");
            var info = new ProcessStartInfo("node", ["--no-warnings", script, "--stdin"])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = false,
                UseShellExecute = false,
            };
            var process = Process.Start(info) ?? throw new InvalidOperationException("could not start node");
            var ready = process.StandardOutput.ReadLine();
            if (ready is null || !ready.Contains("\"ready\"", StringComparison.Ordinal))
            {
                process.WaitForExit();
                throw new InvalidOperationException($"the reference did not start (exit {process.ExitCode}); run scripts/provision parity");
            }

            return new Reference(process);
        }

        public Result Read(string file)
        {
            _process.StandardInput.WriteLine(file);
            _process.StandardInput.Flush();
            var line = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the reference exited");
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException($"reference failed on {file}: {error.GetString()}");
            }

            return new Result(
                root.GetProperty("width").GetInt32(),
                root.GetProperty("height").GetInt32(),
                root.GetProperty("ms").GetDouble(),
                Lines(root.GetProperty("lines")),
                Lines(root.GetProperty("boxes")));
        }

        public void Dispose()
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10_000))
            {
                _process.Kill();
            }

            _process.Dispose();
        }

        private static List<RefLine> Lines(JsonElement array) =>
        [
            .. array.EnumerateArray().Where(e => e.GetProperty("box").ValueKind == JsonValueKind.Array).Select(e =>
            {
                var points = e.GetProperty("box").EnumerateArray().Select(p => (X: p[0].GetDouble(), Y: p[1].GetDouble())).ToList();
                var bounds = new BoundingBox(points.Min(p => p.X), points.Min(p => p.Y), points.Max(p => p.X), points.Max(p => p.Y));
                return new RefLine(e.GetProperty("text").GetString() ?? string.Empty, e.GetProperty("mean").GetDouble(), bounds);
            }),
        ];

        public sealed record RefLine(string Text, double Mean, BoundingBox Bounds);

        public sealed record Result(int Width, int Height, double Ms, List<RefLine> Lines, List<RefLine> Boxes);
    }
}
