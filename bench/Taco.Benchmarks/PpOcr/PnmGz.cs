using System.IO.Compression;
using Taco.Imaging;

namespace Taco.Benchmarks.PpOcr;

/// <summary>Reads the committed OCR fixtures (gzip-compressed binary PGM/PPM) as taco decodes any input.</summary>
internal static class PnmGz
{
    public static RgbImage Read(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ImageDecoder.Decode(ms.ToArray(), path);
    }
}
