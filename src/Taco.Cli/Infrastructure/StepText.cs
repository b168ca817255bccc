using Taco.Agent.Runs;

namespace Taco.Cli.Infrastructure;

/// <summary>
/// How a step reads for a person, in one vocabulary for <c>ask</c>'s live stream and <c>replay --render</c>: the
/// thought, what the model asked for and what came back, each as a label and a text. Model and tool text is made
/// safe for a terminal; with a width (ask) each text is folded to one line and cut there, without one (replay) it is whole.
/// </summary>
internal static class StepText
{
    /// <summary>The step's lines; a line whose text is empty is its label alone (<c>no action</c>).</summary>
    public static IEnumerable<(string Label, string Text)> Lines(AgentStep step, int? width = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (!string.IsNullOrWhiteSpace(step.Thought))
        {
            yield return ("thought", Fit(step.Thought, width));
        }

        switch (step.Kind)
        {
            case AgentStepKind.ParseError:
                yield return ("unparseable reply", Fit(step.ParseError ?? string.Empty, width));
                break;
            case AgentStepKind.NoAction:
                yield return ("no action", string.Empty);
                break;
            default:
                var arguments = step.Arguments is { } a ? " " + a.GetRawText() : string.Empty;
                var cached = step.Cached ? " (cached)" : string.Empty;
                yield return (step.Kind == AgentStepKind.Stalled ? "stalled on" : "action", TerminalText.Safe(step.ActionName) + Fit(arguments, width) + cached);
                var result = step.ToolErrorType is { } type ? $"{type}: {step.ToolErrorMessage}" : step.ToolResultRepr;
                if (result is not null)
                {
                    yield return ("observation", Fit(result, width));
                }

                foreach (var image in step.NewImages)
                {
                    yield return ("new image", TerminalText.Safe(image));
                }

                break;
        }
    }

    /// <summary>A line as printed: <c>label: text</c>, or the label alone.</summary>
    public static string Join((string Label, string Text) line) => line.Text.Length == 0 ? line.Label : line.Label + ": " + line.Text;

    private static string Fit(string text, int? width)
    {
        if (width is not { } most)
        {
            return TerminalText.Safe(text);
        }

        var line = text.ReplaceLineEndings(" ");
        return TerminalText.Safe(line.Length <= most ? line : line[..most] + "…");
    }
}
