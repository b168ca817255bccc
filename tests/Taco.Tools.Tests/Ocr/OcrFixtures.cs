using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Taco.Tools.Tests.Ocr;

/// <summary>The rendered OCR fixtures (models/recipes/fixtures/ocr) and their ground truth.</summary>
internal static class OcrFixtures
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "ocr");

    public static IReadOnlyList<OcrTruth> Truth { get; } = Load();

    public static OcrTruth Get(string name) => Truth.Single(t => t.Name == name);

    public static PixelBuffer Image(OcrTruth truth) => ReadPnmGz(Path.Combine(Folder, truth.File));

    private static List<OcrTruth> Load()
    {
        using var stream = File.OpenRead(Path.Combine(Folder, "truth.json"));
        return JsonSerializer.Deserialize<List<OcrTruth>>(stream, JsonOptions)
            ?? throw new InvalidDataException("truth.json is empty");
    }

    /// <summary>Binary PGM (P5) or PPM (P6), 8-bit, gzip-compressed.</summary>
    public static PixelBuffer ReadPnmGz(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        var data = ms.ToArray();
        var pos = 0;
        var magic = Token(data, ref pos);
        var width = int.Parse(Token(data, ref pos), System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(Token(data, ref pos), System.Globalization.CultureInfo.InvariantCulture);
        var max = Token(data, ref pos);
        pos++; // the single whitespace after the header
        var format = magic switch
        {
            "P5" => PixelFormat.Gray8,
            "P6" => PixelFormat.Rgb24,
            _ => throw new InvalidDataException($"{path}: not a binary PGM/PPM (magic {magic})"),
        };
        if (max != "255")
        {
            throw new InvalidDataException($"{path}: only 8-bit PNM is supported (maxval {max})");
        }

        var stride = width * (int)format;
        return new PixelBuffer(width, height, stride, format, data.AsMemory(pos, stride * height));
    }

    private static string Token(byte[] data, ref int pos)
    {
        while (pos < data.Length && (char.IsWhiteSpace((char)data[pos]) || data[pos] == '#'))
        {
            if (data[pos] == '#')
            {
                while (pos < data.Length && data[pos] != '\n')
                {
                    pos++;
                }
            }

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
