using System.Globalization;
using System.Text;
using Taco.Tools.Values;

namespace Taco.Agent.Synthesis;

/// <summary>Checks a step's <see cref="PlanExpect"/> on the result the model was shown at that step.</summary>
public static class PlanExpectations
{
    /// <summary>Throws <see cref="TraceDroppedException"/> with the first expectation the observation does not meet.</summary>
    public static void Check(PlanExpect expect, ToolDict? visible, int step)
    {
        ArgumentNullException.ThrowIfNull(expect);
        if (expect == PlanExpect.None || (expect.Numbers.IsEmpty && expect.Texts.IsEmpty && expect.Regions.IsEmpty))
        {
            return;
        }

        var text = ObservationText(visible);
        var where = string.Create(CultureInfo.InvariantCulture, $"step {step}");
        foreach (var number in expect.Numbers)
        {
            if (!DigitMatcher.Shows(text, number))
            {
                throw new TraceDroppedException(DropReasons.NumberNotRead, $"{where} expected {number}; the observation reads {Quote(text)}");
            }
        }

        foreach (var wanted in expect.Texts)
        {
            if (!text.Contains(wanted, StringComparison.OrdinalIgnoreCase))
            {
                throw new TraceDroppedException(DropReasons.TextNotRead, $"{where} expected \"{wanted}\"; the observation reads {Quote(text)}");
            }
        }

        foreach (var label in expect.Regions)
        {
            if (PlanTemplate.FindRegion(visible, label, where) is null)
            {
                throw new TraceDroppedException(DropReasons.RegionNotFound, $"{where} expected a region reading \"{label}\"; the observation reads {Quote(text)}");
            }
        }
    }

    /// <summary>
    /// The text expectations are matched in: every string of the result the model was shown, and its
    /// numbers that stand alone (a <c>depth</c>, a <c>result</c>; not a bbox's coordinates), one per line.
    /// </summary>
    public static string ObservationText(ToolValue? visible)
    {
        var sb = new StringBuilder();
        Collect(visible, inList: false, sb);
        return sb.ToString();
    }

    private static void Collect(ToolValue? value, bool inList, StringBuilder sb)
    {
        switch (value)
        {
            case ToolString s:
                sb.Append(s.Value).Append('\n');
                break;
            case ToolFloat f when !inList:
                sb.Append(PythonFloat.Repr(f.Value)).Append('\n');
                break;
            case ToolInteger i when !inList:
                sb.Append(i.ToPythonRepr()).Append('\n');
                break;
            case ToolList list:
                foreach (var item in list.Items)
                {
                    Collect(item, inList: true, sb);
                }

                break;
            case ToolDict dict:
                foreach (var item in dict.Entries.Values)
                {
                    Collect(item, inList: false, sb);
                }

                break;
        }
    }

    private static string Quote(string text)
    {
        var flat = text.TrimEnd('\n').ReplaceLineEndings(" | ");
        return "\"" + (flat.Length > 160 ? flat[..160] + "…" : flat) + "\"";
    }
}
