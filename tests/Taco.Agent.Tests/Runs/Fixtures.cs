using System.IO.Compression;
using Taco.Imaging;

namespace Taco.Agent.Tests.Runs;

/// <summary>Committed images: the rendered price board of the OCR fixtures and small synthetic pictures.</summary>
internal static class Fixtures
{
    /// <summary>models/recipes/fixtures/ocr clean-01-board: "MENU / Salad 3.81 / Espresso 6.01 / …".</summary>
    public static RgbImage PriceBoard() => ReadPnmGz(Path.Combine(AppContext.BaseDirectory, "fixtures", "ocr", "clean-01-board.ppm.gz"));

    public static RgbImage Gradient(int width = 8, int height = 4)
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

        return new RgbImage(width, height, pixels);
    }

    private static RgbImage ReadPnmGz(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ImageDecoder.Decode(ms.ToArray(), path);
    }
}
