namespace Taco.Tools.Tests.Ocr;

/// <summary>
/// Character error rate and number exact-match, the figures the issue asks for. Also compiled into
/// the benchmarks (PP-OCR parity), so both report CER the same way.
/// </summary>
internal static class OcrMetrics
{
    /// <summary>Edit distance over whitespace-normalised text divided by the truth's length.</summary>
    public static (int Edits, int Length) CharacterErrors(string recognized, string truth)
    {
        var a = Normalize(recognized);
        var b = Normalize(truth);
        return (Levenshtein(a, b), b.Length);
    }

    /// <summary>How many of the truth's numbers appear as whole tokens of the recognised text.</summary>
    public static int NumbersFound(string recognized, IEnumerable<string> numbers)
    {
        var tokens = recognized.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        return numbers.Count(tokens.Contains);
    }

    public static string Normalize(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Edit distance (insertions, deletions, substitutions) between two strings.</summary>
    public static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }
}
