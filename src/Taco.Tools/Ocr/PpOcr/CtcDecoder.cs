using System.Text;

namespace Taco.Tools.Ocr.PpOcr;

/// <summary>
/// Greedy CTC decoding over the recognizer's per-step class probabilities: class 0 is the blank,
/// class k is the key list's line k, and the last class is a space (PaddleOCR's <c>use_space_char</c>).
/// </summary>
internal sealed class CtcDecoder
{
    private readonly string[] _classes;

    private CtcDecoder(string[] classes) => _classes = classes;

    public int ClassCount => _classes.Length;

    public static CtcDecoder FromKeyFile(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path, Encoding.UTF8);
        }
        catch (IOException e)
        {
            throw new InvalidDataException($"PP-OCR key list {path} could not be read: {e.Message}", e);
        }

        if (lines.Length == 0 || lines.All(l => l.Length == 0))
        {
            throw new InvalidDataException($"PP-OCR key list {path} is empty; expected one character per line (re-run {PpOcrModelLocator.InstallCommand}).");
        }

        return new CtcDecoder(["", .. lines, " "]);
    }

    /// <summary>
    /// One line's text and the mean probability of the characters kept. With
    /// <paramref name="spaceEvidence"/> above 0, a space is put between two ASCII characters when
    /// the blank steps that separate them gave the space class at least that probability somewhere
    /// (the `ch` recognizer often sees the space between English words, but lets blank win the
    /// step); characters that touch in the alignment, or whose gap shows no space, stay joined.
    /// </summary>
    public (string Text, double Confidence) Decode(ReadOnlySpan<float> steps, int stepCount, float spaceEvidence = 0)
    {
        var classes = _classes.Length;
        var space = classes - 1;
        var text = new StringBuilder();
        double sum = 0;
        var kept = 0;
        var previous = -1;
        float gapSpace = 0;
        for (var t = 0; t < stepCount; t++)
        {
            var row = steps.Slice(t * classes, classes);
            var best = 0;
            var bestP = row[0];
            for (var c = 1; c < classes; c++)
            {
                if (row[c] > bestP)
                {
                    bestP = row[c];
                    best = c;
                }
            }

            if (best == 0)
            {
                gapSpace = Math.Max(gapSpace, row[space]);
            }
            else if (best != previous)
            {
                var symbol = _classes[best];
                if (spaceEvidence > 0 && gapSpace >= spaceEvidence && best != space && text.Length > 0
                    && symbol.Length > 0 && MaySplit(text[^1], symbol[0]))
                {
                    text.Append(' ');
                }

                text.Append(symbol);
                sum += bestP;
                kept++;
                gapSpace = 0;
            }

            previous = best;
        }

        return (text.ToString(), kept == 0 ? 0 : sum / kept);
    }

    // Between English words, or a word and a number or price ("Rice 1kg", "Parking $5", "50% OFF"); never
    // inside a number ("3.90", "1 500" stays "1500": digit gaps in LED and dot-matrix digits are not spaces)
    // and never in CJK text.
    private static bool MaySplit(char left, char right) =>
        (char.IsAsciiLetterOrDigit(left) || left is '%' or ')' or '!' or '?' or ':')
        && (char.IsAsciiLetterOrDigit(right) || right is '$' or '(' or '#' or '&')
        && !(char.IsAsciiDigit(left) && char.IsAsciiDigit(right));
}
