using Taco.Tools.Ocr;

namespace Taco.Tools.Tests.Ocr;

public sealed class OcrReadingOrderTests
{
    private static OcrLine Line(string text, double left, double top, double right, double bottom) =>
        new(text, new BoundingBox(left, top, right, bottom), 0.9);

    [Fact]
    public void A_price_column_joins_its_label_row_by_row()
    {
        // Engines tend to return the label column first, then the prices.
        var result = OcrReadingOrder.Arrange(
        [
            Line("Regular", 0.10, 0.20, 0.40, 0.30),
            Line("Supreme", 0.10, 0.40, 0.40, 0.50),
            Line("3.45", 0.60, 0.21, 0.80, 0.31),
            Line("3.65", 0.60, 0.39, 0.80, 0.49),
        ]);

        Assert.Equal("Regular 3.45\nSupreme 3.65", result.Text);
        Assert.Equal(["Regular", "3.45", "Supreme", "3.65"], result.Lines.Select(l => l.Text));
    }

    [Fact]
    public void Slightly_overlapping_words_share_a_row_only_within_the_tolerance()
    {
        // Grown boxes (PP-OCR's unclip): "CORNER" ends at 0.52, "STORE" starts at 0.48, overlap 0.04 of widths 0.42 / 0.32.
        OcrLine[] lines = [Line("STORE", 0.48, 0.40, 0.80, 0.52), Line("CORNER", 0.10, 0.41, 0.52, 0.53)];

        Assert.Equal("STORE\nCORNER", OcrReadingOrder.Arrange(lines).Text);
        Assert.Equal("CORNER STORE", OcrReadingOrder.Arrange(lines, horizontalOverlapTolerance: 1.0 / 3).Text);
    }

    [Fact]
    public void Lines_stacked_on_each_other_stay_separate_rows_even_with_a_tolerance()
    {
        // Same columns, vertical overlap over half the shorter line, but one covers the other horizontally.
        OcrLine[] lines = [Line("lower", 0.10, 0.44, 0.60, 0.60), Line("upper", 0.12, 0.40, 0.58, 0.56)];

        Assert.Equal("upper\nlower", OcrReadingOrder.Arrange(lines, horizontalOverlapTolerance: 1.0 / 3).Text);
    }

    [Fact]
    public void No_lines_is_the_empty_result_and_a_negative_tolerance_is_refused()
    {
        Assert.Same(OcrResult.Empty, OcrReadingOrder.Arrange([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => OcrReadingOrder.Arrange([Line("a", 0, 0, 1, 1)], -0.1));
    }
}
