namespace Taco.Tools.Ocr.PpOcr;

/// <summary>
/// Rows top to bottom, pieces of a row left to right, like <see cref="OcrReadingOrder"/>, but
/// tolerant of the overlap DB boxes have: unclipping grows each word box by about half its
/// height on every side, so neighbouring words on one row overlap a little horizontally.
/// </summary>
internal static class PpOcrReadingOrder
{
    public static OcrResult Arrange(IReadOnlyList<OcrLine> lines)
    {
        if (lines.Count == 0)
        {
            return OcrResult.Empty;
        }

        var rows = new List<List<OcrLine>>();
        foreach (var line in lines.OrderBy(l => l.Box.Top + l.Box.Bottom))
        {
            var row = rows.FirstOrDefault(r => SameRow(r, line));
            if (row is null)
            {
                rows.Add([line]);
            }
            else
            {
                row.Add(line);
            }
        }

        var ordered = rows
            .OrderBy(r => r.Average(l => l.Box.Top + l.Box.Bottom))
            .Select(r => r.OrderBy(l => l.Box.Left + l.Box.Right).ToList())
            .ToList();
        var text = string.Join('\n', ordered.Select(r => string.Join(' ', r.Select(l => l.Text))));
        return new OcrResult(text, [.. ordered.SelectMany(r => r)]);
    }

    // Same row: vertical overlap of at least half the shorter line, and horizontal overlap with each
    // piece already there of at most a third of the narrower one (two lines stacked are not a row).
    private static bool SameRow(List<OcrLine> row, OcrLine line)
    {
        foreach (var other in row)
        {
            var vertical = Math.Min(other.Box.Bottom, line.Box.Bottom) - Math.Max(other.Box.Top, line.Box.Top);
            if (vertical < Math.Min(other.Box.Height, line.Box.Height) * 0.5)
            {
                return false;
            }

            var horizontal = Math.Min(other.Box.Right, line.Box.Right) - Math.Max(other.Box.Left, line.Box.Left);
            if (horizontal > Math.Min(other.Box.Width, line.Box.Width) / 3)
            {
                return false;
            }
        }

        return true;
    }
}
