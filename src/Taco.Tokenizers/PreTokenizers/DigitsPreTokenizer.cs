namespace Taco.Tokenizers.PreTokenizers;

/// <summary>Splits ASCII digit runs (or single digits) from the rest, as the reference's /[^\d]+|\d+/ does.</summary>
internal sealed class DigitsPreTokenizer(bool individualDigits) : PreTokenizer
{
    public override void PreTokenize(string text, int sectionIndex, List<string> output)
    {
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            if (char.IsAsciiDigit(text[i]))
            {
                ++i;
                if (!individualDigits)
                {
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        ++i;
                    }
                }
            }
            else
            {
                while (i < text.Length && !char.IsAsciiDigit(text[i]))
                {
                    ++i;
                }
            }
            output.Add(text[start..i]);
        }
    }
}
