using System.Globalization;
using System.Text;

namespace Taco.Tools.Values;

/// <summary>
/// Renders tool values the way Python's <c>repr()</c> does, because TACO models were
/// trained on observations printed by Python: single-quoted strings, <c>True/False/None</c>,
/// shortest round-trip floats, dict keys in alphabetical order.
/// </summary>
public static class PythonRepr
{
    public static string Render(ToolValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder();
        Append(sb, value);
        return sb.ToString();
    }

    public static void Append(StringBuilder sb, ToolValue value)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(value);
        switch (value)
        {
            case ToolNone:
                sb.Append("None");
                break;
            case ToolBool b:
                sb.Append(b.Value ? "True" : "False");
                break;
            case ToolInteger i:
                sb.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case ToolFloat f:
                sb.Append(PythonFloat.Repr(f.Value));
                break;
            case ToolString s:
                AppendString(sb, s.Value);
                break;
            case ToolImage img:
                AppendString(sb, img.Image.ObservationText);
                break;
            case ToolList list:
                sb.Append('[');
                for (var k = 0; k < list.Items.Length; k++)
                {
                    if (k > 0)
                    {
                        sb.Append(", ");
                    }

                    Append(sb, list.Items[k]);
                }

                sb.Append(']');
                break;
            case ToolDict dict:
                sb.Append('{');
                var first = true;
                foreach (var (key, item) in dict.Entries)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    AppendString(sb, key);
                    sb.Append(": ");
                    Append(sb, item);
                }

                sb.Append('}');
                break;
            default:
                throw new ArgumentException($"Unsupported tool value type {value.GetType().Name}.", nameof(value));
        }
    }

    /// <summary>Python's <c>str.__repr__</c>: prefers single quotes, escapes what is not printable.</summary>
    public static string QuoteString(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        AppendString(sb, value);
        return sb.ToString();
    }

    private static void AppendString(StringBuilder sb, string value)
    {
        var quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        sb.Append(quote);
        for (var k = 0; k < value.Length; k++)
        {
            var c = value[k];
            if (c == quote || c == '\\')
            {
                sb.Append('\\').Append(c);
            }
            else if (c == '\t')
            {
                sb.Append("\\t");
            }
            else if (c == '\n')
            {
                sb.Append("\\n");
            }
            else if (c == '\r')
            {
                sb.Append("\\r");
            }
            else if (char.IsHighSurrogate(c) && k + 1 < value.Length && char.IsLowSurrogate(value[k + 1]))
            {
                var cp = char.ConvertToUtf32(c, value[k + 1]);
                k++;
                if (IsPrintable(CharUnicodeInfo.GetUnicodeCategory(cp)))
                {
                    sb.Append(c).Append(value[k]);
                }
                else
                {
                    sb.Append("\\U").Append(cp.ToString("x8", CultureInfo.InvariantCulture));
                }
            }
            else if (c == ' ' || (c >= 0x20 && c < 0x7f))
            {
                sb.Append(c);
            }
            else if (!char.IsSurrogate(c) && c > 0x7f && IsPrintable(CharUnicodeInfo.GetUnicodeCategory(c)))
            {
                sb.Append(c);
            }
            else if (c < 0x100)
            {
                sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        sb.Append(quote);
    }

    // Python's str.isprintable: everything except "Other" and "Separator" categories (space excepted, handled by the caller).
    private static bool IsPrintable(UnicodeCategory category) => category switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or
        UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or
        UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator => false,
        _ => true,
    };
}
