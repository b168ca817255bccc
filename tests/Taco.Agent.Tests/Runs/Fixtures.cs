using System.Globalization;
using System.IO.Compression;
using System.Text;
using Taco.Tools;

namespace Taco.Agent.Tests.Runs;

/// <summary>Committed images: the rendered price board of the OCR fixtures and small synthetic pictures.</summary>
internal static class Fixtures
{
    /// <summary>models/recipes/fixtures/ocr clean-01-board: "MENU / Salad 3.81 / Espresso 6.01 / …".</summary>
    public static PixelBuffer PriceBoard() => ReadPnmGz(Path.Combine(AppContext.BaseDirectory, "fixtures", "ocr", "clean-01-board.ppm.gz"));

    public static PixelBuffer Gradient(int width = 8, int height = 4)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = ((y * width) + x) * 3;
                pixels[i] = (byte)(x * 30);
                pixels[i + 1] = (byte)(y * 60);
                pixels[i + 2] = 200;
            }
        }

        return new PixelBuffer(width, height, width * 3, PixelFormat.Rgb24, pixels);
    }

    private static PixelBuffer ReadPnmGz(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        var data = ms.ToArray();
        var pos = 0;
        var fields = new string[4];
        for (var f = 0; f < 4; f++)
        {
            while (char.IsWhiteSpace((char)data[pos]))
            {
                pos++;
            }

            var start = pos;
            while (!char.IsWhiteSpace((char)data[pos]))
            {
                pos++;
            }

            fields[f] = Encoding.ASCII.GetString(data, start, pos - start);
        }

        pos++;
        var format = fields[0] == "P6" ? PixelFormat.Rgb24 : PixelFormat.Gray8;
        var width = int.Parse(fields[1], CultureInfo.InvariantCulture);
        var height = int.Parse(fields[2], CultureInfo.InvariantCulture);
        var stride = width * (int)format;
        return new PixelBuffer(width, height, stride, format, data.AsMemory(pos, stride * height));
    }
}
