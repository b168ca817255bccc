using Taco.Tools.Ocr;
using Taco.Tools.Ocr.PpOcr;
using Taco.Tools.Tests.Ocr;
using Xunit.Abstractions;

namespace Taco.Tools.Tests.PpOcr;

/// <summary>The PP-OCR pipeline on the committed rendered fixtures, with real models and ONNX Runtime.</summary>
public sealed class PpOcrFixtureTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("clean-00-sign")]
    [InlineData("clean-01-board")]
    [InlineData("clean-05-sign")]
    [InlineData("degraded-01-board")]
    public void Engine_reads_the_fixture_text_with_boxes_over_each_truth_line(string name)
    {
        var truth = OcrFixtures.Get(name);
        var result = PpOcrEngine.Shared().Recognize(OcrFixtures.Image(truth));
        output.WriteLine(result.Text);

        var (edits, length) = OcrMetrics.CharacterErrors(result.Text, truth.Text);
        Assert.True(edits <= 0.05 * length, $"CER {edits}/{length}: read '{result.Text}', truth '{truth.Text}'");
        Assert.Equal(OcrMetrics.NumbersFound(truth.Text, truth.Numbers), OcrMetrics.NumbersFound(result.Text, truth.Numbers));

        // Every truth row is covered by recognised lines whose boxes lie on it.
        foreach (var line in truth.Lines)
        {
            var truthBox = new BoundingBox(line.Bbox[0], line.Bbox[1], line.Bbox[2], line.Bbox[3]);
            var onRow = result.Lines.Where(l => Overlap(l.Box, truthBox) > 0.5 * Area(l.Box)).ToList();
            Assert.True(onRow.Count > 0, $"no box on truth line '{line.Text}' {truthBox}");
            var union = new BoundingBox(onRow.Min(l => l.Box.Left), onRow.Min(l => l.Box.Top), onRow.Max(l => l.Box.Right), onRow.Max(l => l.Box.Bottom));
            Assert.True(Iou(union, truthBox) > 0.5, $"line '{line.Text}': boxes {union} vs truth {truthBox}");
        }

        Assert.All(result.Lines, l => Assert.InRange(l.Confidence, 0.5, 1.0));
    }

    private static double Area(BoundingBox b) => Math.Max(0, b.Width) * Math.Max(0, b.Height);

    private static double Overlap(BoundingBox a, BoundingBox b) =>
        Math.Max(0, Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left)) * Math.Max(0, Math.Min(a.Bottom, b.Bottom) - Math.Max(a.Top, b.Top));

    private static double Iou(BoundingBox a, BoundingBox b)
    {
        var i = Overlap(a, b);
        return i / (Area(a) + Area(b) - i);
    }
}
