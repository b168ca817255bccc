using System.Text;

namespace Taco.Tools.Ocr.PpOcr;

/// <summary>
/// Letters the recognizer reads for LED and dot-matrix digits (<c>4.B2</c>, <c>G.B9</c>, <c>4.BB</c>),
/// put back as the digits they look like — only inside a token that is a decimal number but for those
/// letters: one decimal point or comma with a character on each side, at least one real digit, and
/// nothing else but digits and the confusable letters. Words, codes like <c>E85</c> and sizes like
/// <c>1kg</c> are never touched.
/// </summary>
public static class NumberConfusables
{
    public static string Repair(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(IsConfusable))
        {
            return text;
        }

        var tokens = text.Split(' ');
        for (var i = 0; i < tokens.Length; i++)
        {
            if (LooksLikeDecimal(tokens[i]))
            {
                var fixedToken = new StringBuilder(tokens[i].Length);
                foreach (var c in tokens[i])
                {
                    fixedToken.Append(Digit(c) ?? c);
                }

                tokens[i] = fixedToken.ToString();
            }
        }

        return string.Join(' ', tokens);
    }

    private static bool LooksLikeDecimal(string token)
    {
        var separator = token.IndexOfAny(['.', ',']);
        return separator > 0
            && separator < token.Length - 1
            && token.IndexOfAny(['.', ','], separator + 1) < 0
            && token.Any(char.IsAsciiDigit)
            && token.Any(IsConfusable)
            && token.All(c => char.IsAsciiDigit(c) || c is '.' or ',' || IsConfusable(c));
    }

    private static bool IsConfusable(char c) => Digit(c) is not null;

    private static char? Digit(char c) => c switch
    {
        'B' => '8',
        'O' or 'o' or 'D' => '0',
        'S' or 's' => '5',
        'Z' or 'z' => '2',
        'I' or 'l' or '|' => '1',
        'G' or 'b' => '6',
        _ => null,
    };
}
