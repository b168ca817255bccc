namespace Taco.Tokenizers.Text;

/// <summary>GPT-2's reversible byte → printable-character table used by byte-level BPE.</summary>
internal static class ByteLevelAlphabet
{
    public static readonly char[] ByteToChar = Build();

    /// <summary>Byte for each mapped character; -1 for characters outside the alphabet.</summary>
    public static readonly short[] CharToByte = Invert();

    private static char[] Build()
    {
        var map = new char[256];
        var printable = new bool[256];
        for (var b = '!'; b <= '~'; ++b)
        {
            printable[b] = true;
        }

        for (var b = 0xA1; b <= 0xAC; ++b)
        {
            printable[b] = true;
        }

        for (var b = 0xAE; b <= 0xFF; ++b)
        {
            printable[b] = true;
        }

        var n = 0;
        for (var b = 0; b < 256; ++b)
        {
            map[b] = printable[b] ? (char)b : (char)(256 + n++);
        }

        return map;
    }

    private static short[] Invert()
    {
        var inverse = new short[512];
        Array.Fill(inverse, (short)-1);
        for (var b = 0; b < 256; ++b)
        {
            inverse[ByteToChar[b]] = (short)b;
        }

        return inverse;
    }
}
