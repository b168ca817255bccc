using System.Collections.Immutable;

namespace Taco.Tools.Ocr;

/// <summary>
/// Puts lines in the order a person reads a sign or a price board: rows top to bottom,
/// pieces of one row left to right. Engines often return a label column before its price
/// column; joining a row ("Supreme 3.65") is what lets a model pair them.
/// </summary>
public static class OcrReadingOrder
{
    public static OcrResult Arrange(IReadOnlyList<OcrLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
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
            .Select(r => r.OrderBy(l => l.Box.Left).ToList())
            .ToList();
        var text = string.Join('\n', ordered.Select(r => string.Join(' ', r.Select(l => l.Text))));
        return new OcrResult(text, [.. ordered.SelectMany(r => r)]);
    }

    // Same row: vertical overlap of at least half the shorter line, and no horizontal overlap with what is already there.
    private static bool SameRow(List<OcrLine> row, OcrLine line)
    {
        foreach (var other in row)
        {
            var overlap = Math.Min(other.Box.Bottom, line.Box.Bottom) - Math.Max(other.Box.Top, line.Box.Top);
            var shorter = Math.Min(other.Box.Height, line.Box.Height);
            if (overlap < shorter * 0.5)
            {
                return false;
            }

            if (Math.Min(other.Box.Right, line.Box.Right) - Math.Max(other.Box.Left, line.Box.Left) > 0)
            {
                return false;
            }
        }

        return true;
    }
}
