using System.Globalization;
using System.IO.Compression;
using System.Text;
using Taco.Tools;

namespace Taco.Benchmarks.PpOcr;

/// <summary>Reads the committed OCR fixtures (gzip-compressed binary PGM/PPM, 8-bit).</summary>
internal static class PnmGz
{
    public static PixelBuffer Read(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        var data = ms.ToArray();
        var pos = 0;
        var magic = Token(data, ref pos);
        var width = int.Parse(Token(data, ref pos), CultureInfo.InvariantCulture);
        var height = int.Parse(Token(data, ref pos), CultureInfo.InvariantCulture);
        _ = Token(data, ref pos);
        pos++;
        var format = magic == "P5" ? PixelFormat.Gray8 : magic == "P6" ? PixelFormat.Rgb24 : throw new InvalidDataException($"{path}: not P5/P6");
        var stride = width * (int)format;
        return new PixelBuffer(width, height, stride, format, data.AsMemory(pos, stride * height));
    }

    private static string Token(byte[] data, ref int pos)
    {
        while (pos < data.Length && char.IsWhiteSpace((char)data[pos]))
        {
            pos++;
        }

        var start = pos;
        while (pos < data.Length && !char.IsWhiteSpace((char)data[pos]))
        {
            pos++;
        }

        return Encoding.ASCII.GetString(data, start, pos - start);
    }
}
