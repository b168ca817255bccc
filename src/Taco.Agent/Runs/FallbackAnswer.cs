using System.Text.RegularExpressions;
using Taco.Agent.Protocol;

namespace Taco.Agent.Runs;

/// <summary>The reference's last resort when no Terminate came: the last <c>"answer": "…"</c> the model wrote.</summary>
public static partial class FallbackAnswer
{
    public static string? Find(IEnumerable<string> modelTexts)
    {
        ArgumentNullException.ThrowIfNull(modelTexts);
        string? last = null;
        foreach (var text in modelTexts)
        {
            foreach (Match m in Pattern().Matches(text))
            {
                last = m.Groups[1].Value;
            }
        }

        return last;
    }

    [GeneratedRegex(TacoStrings.FallbackAnswerPattern, RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
