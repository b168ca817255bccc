using System.Collections.Immutable;

namespace Taco.Tools.Ocr;

/// <summary>
/// Puts lines in the order a person reads a sign or a price board: rows top to bottom,
/// pieces of one row left to right. Engines often return a label column before its price
/// column; joining a row ("Supreme 3.65") is what lets a model pair them.
/// </summary>
/// <remarks>
/// Engines whose boxes are grown past the ink (PP-OCR's DB "unclip" adds about half a line's height on every
/// side) make neighbouring words of one row overlap a little horizontally; they pass a tolerance for that.
/// </remarks>
public static class OcrReadingOrder
{
    /// <param name="lines">The engine's lines, in any order.</param>
    /// <param name="horizontalOverlapTolerance">
    /// How much two pieces of one row may overlap horizontally, as a share of the narrower one (0: not at all).
    /// Two lines stacked on top of each other overlap by more and stay separate rows.
    /// </param>
    public static OcrResult Arrange(IReadOnlyList<OcrLine> lines, double horizontalOverlapTolerance = 0)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentOutOfRangeException.ThrowIfNegative(horizontalOverlapTolerance);
        if (lines.Count == 0)
        {
            return OcrResult.Empty;
        }

        var rows = new List<List<OcrLine>>();
        foreach (var line in lines.OrderBy(l => l.Box.Top + l.Box.Bottom))
        {
            var row = rows.FirstOrDefault(r => SameRow(r, line, horizontalOverlapTolerance));
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

    // Same row: vertical overlap of at least half the shorter line, and horizontal overlap with each piece
    // already there of at most the tolerated share of the narrower one. (Pieces that do not overlap sort the
    // same by centre as by left edge; centres also order the slightly overlapping ones sensibly.)
    private static bool SameRow(List<OcrLine> row, OcrLine line, double horizontalOverlapTolerance)
    {
        foreach (var other in row)
        {
            var overlap = Math.Min(other.Box.Bottom, line.Box.Bottom) - Math.Max(other.Box.Top, line.Box.Top);
            var shorter = Math.Min(other.Box.Height, line.Box.Height);
            if (overlap < shorter * 0.5)
            {
                return false;
            }

            var horizontal = Math.Min(other.Box.Right, line.Box.Right) - Math.Max(other.Box.Left, line.Box.Left);
            if (horizontal > Math.Min(other.Box.Width, line.Box.Width) * horizontalOverlapTolerance)
            {
                return false;
            }
        }

        return true;
    }
}
