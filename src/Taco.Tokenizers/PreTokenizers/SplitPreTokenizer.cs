using Taco.Tokenizers.Json;
using Taco.Tokenizers.Text;

namespace Taco.Tokenizers.PreTokenizers;

/// <summary>Split on a pattern with one of the five tokenizers behaviours, or keep only the matches (invert).</summary>
internal sealed class SplitPreTokenizer(JsRegex pattern, SplitBehavior behavior, bool invert) : PreTokenizer
{
    public static SplitBehavior ParseBehavior(JsonConfig c) => c.String("behavior") switch
    {
        null or "Isolated" => SplitBehavior.Isolated,
        "Removed" => SplitBehavior.Removed,
        "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
        "MergedWithNext" => SplitBehavior.MergedWithNext,
        "Contiguous" => SplitBehavior.Contiguous,
        var other => throw c.Error($"has unsupported split behavior \"{other}\""),
    };

    public bool IsolatesMatches => behavior == SplitBehavior.Isolated && !invert;

    public JsRegex Pattern => pattern;

    public override void PreTokenize(string text, int sectionIndex, List<string> output)
    {
        var matches = new List<(int Start, int Length)>();
        pattern.Matches(text, matches);
        if (invert)
        {
            // The reference keeps the non-empty matches and drops everything between them.
            foreach (var (start, length) in matches)
            {
                if (length > 0)
                {
                    output.Add(text.Substring(start, length));
                }
            }
            return;
        }
        // Spans alternate gap / match; each gets a flag "is delimiter".
        var spans = new List<(int Start, int End, bool Match)>();
        var prev = 0;
        foreach (var (start, length) in matches)
        {
            if (length == 0)
            {
                continue;
            }

            if (prev < start)
            {
                spans.Add((prev, start, false));
            }

            spans.Add((start, start + length, true));
            prev = start + length;
        }
        if (prev < text.Length)
        {
            spans.Add((prev, text.Length, false));
        }

        switch (behavior)
        {
            case SplitBehavior.Isolated:
                foreach (var s in spans)
                {
                    output.Add(text[s.Start..s.End]);
                }

                break;
            case SplitBehavior.Removed:
                foreach (var s in spans)
                {
                    if (!s.Match)
                    {
                        output.Add(text[s.Start..s.End]);
                    }
                }
                break;
            case SplitBehavior.MergedWithPrevious:
                {
                    var from = 0;
                    foreach (var s in spans)
                    {
                        if (s.Match)
                        {
                            output.Add(text[from..s.End]);
                            from = s.End;
                        }
                    }
                    if (from < text.Length)
                    {
                        output.Add(text[from..]);
                    }

                    break;
                }
            case SplitBehavior.MergedWithNext:
                {
                    var from = 0;
                    foreach (var s in spans)
                    {
                        if (s.Match && s.Start > from)
                        {
                            output.Add(text[from..s.Start]);
                            from = s.Start;
                        }
                    }
                    if (from < text.Length)
                    {
                        output.Add(text[from..]);
                    }

                    break;
                }
            case SplitBehavior.Contiguous:
                {
                    var i = 0;
                    while (i < spans.Count)
                    {
                        var j = i;
                        while (j + 1 < spans.Count && spans[j + 1].Match && spans[i].Match && spans[j + 1].Start == spans[j].End)
                        {
                            ++j;
                        }

                        output.Add(text[spans[i].Start..spans[j].End]);
                        i = j + 1;
                    }
                    break;
                }
        }
    }
}

internal enum SplitBehavior
{
    Isolated,
    Removed,
    MergedWithPrevious,
    MergedWithNext,
    Contiguous,
}
