using System.Globalization;
using System.Text;

namespace Taco.Cli.Infrastructure;

/// <summary>
/// Text from outside taco (model replies, answers, item ids, categories, error details) made safe to
/// print: control characters other than line feed and tab are written as <c>\uXXXX</c>, so an escape
/// sequence in model output or an item file cannot move the cursor, recolour or retitle the terminal.
/// </summary>
internal static class TerminalText
{
    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(IsUnsafe))
        {
            return text ?? string.Empty;
        }

        var safe = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (IsUnsafe(c))
            {
                safe.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                safe.Append(c);
            }
        }

        return safe.ToString();
    }

    // C0 controls but LF and TAB, DEL, and the C1 controls (0x80–0x9F, which some terminals obey as escapes).
    private static bool IsUnsafe(char c) => char.IsControl(c) && c is not '\n' and not '\t';
}
