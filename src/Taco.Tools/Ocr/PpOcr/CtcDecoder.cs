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

    /// <summary>One line's text and the mean probability of the characters kept.</summary>
    public (string Text, double Confidence) Decode(ReadOnlySpan<float> steps, int stepCount)
    {
        var classes = _classes.Length;
        var text = new StringBuilder();
        double sum = 0;
        var kept = 0;
        var previous = -1;
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

            if (best != 0 && best != previous)
            {
                text.Append(_classes[best]);
                sum += bestP;
                kept++;
            }

            previous = best;
        }

        return (text.ToString(), kept == 0 ? 0 : sum / kept);
    }
}
