using System.Globalization;
using Taco.Tools.Ocr.Tesseract;
using Xunit.Abstractions;

namespace Taco.Tools.Tests.Ocr;

/// <summary>The accuracy aims on the committed fixture set (figures also recorded in docs/benchmarks.md).</summary>
public sealed class OcrAccuracyTests(ITestOutputHelper output)
{
    [Fact]
    public void Clean_and_degraded_fixtures_meet_the_accuracy_aims()
    {
        var engine = TesseractOcrEngine.Shared();
        var rows = new Dictionary<string, (int Edits, int Length, int Found, int Numbers)>();
        foreach (var truth in OcrFixtures.Truth)
        {
            var text = engine.Recognize(OcrFixtures.Image(truth)).Text;
            var (edits, length) = OcrMetrics.CharacterErrors(text, truth.Text);
            var found = OcrMetrics.NumbersFound(text, truth.Numbers);
            output.WriteLine($"{truth.Name,-22} CER {100.0 * edits / length,6:F2}%  numbers {found}/{truth.Numbers.Count}  [{string.Join(',', truth.Degradations)}]");
            if (edits > 0.03 * length)
            {
                output.WriteLine("    truth: " + truth.Text.Replace("\n", " | ", StringComparison.Ordinal));
                output.WriteLine("    read:  " + text.Replace("\n", " | ", StringComparison.Ordinal));
            }

            var r = rows.GetValueOrDefault(truth.Condition);
            rows[truth.Condition] = (r.Edits + edits, r.Length + length, r.Found + found, r.Numbers + truth.Numbers.Count);
        }

        foreach (var (condition, r) in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{condition}: CER {100.0 * r.Edits / r.Length:F2}%, numbers exact {100.0 * r.Found / r.Numbers:F1}% ({r.Found}/{r.Numbers})"));
        }

        var clean = rows["clean"];
        var degraded = rows["degraded"];
        Assert.True(clean.Edits <= 0.03 * clean.Length, $"clean CER {100.0 * clean.Edits / clean.Length:F2}% > 3%");
        Assert.True(degraded.Edits <= 0.10 * degraded.Length, $"degraded CER {100.0 * degraded.Edits / degraded.Length:F2}% > 10%");
        Assert.True(clean.Found >= 0.95 * clean.Numbers, $"clean numbers {clean.Found}/{clean.Numbers} < 95%");
    }
}
