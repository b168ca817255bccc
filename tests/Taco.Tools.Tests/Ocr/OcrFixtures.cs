using System.IO.Compression;
using System.Text.Json;
using Taco.Imaging;

namespace Taco.Tools.Tests.Ocr;

/// <summary>The rendered OCR fixtures (models/recipes/fixtures/ocr) and their ground truth.</summary>
internal static class OcrFixtures
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "fixtures", "ocr");

    public static IReadOnlyList<OcrTruth> Truth { get; } = Load();

    public static OcrTruth Get(string name) => Truth.Single(t => t.Name == name);

    public static RgbImage Image(OcrTruth truth) => ReadPnmGz(Path.Combine(Folder, truth.File));

    private static List<OcrTruth> Load()
    {
        using var stream = File.OpenRead(Path.Combine(Folder, "truth.json"));
        return JsonSerializer.Deserialize<List<OcrTruth>>(stream, JsonOptions)
            ?? throw new InvalidDataException("truth.json is empty");
    }

    /// <summary>Binary PGM (P5) or PPM (P6), gzip-compressed, decoded as taco decodes any input (grey becomes equal R, G, B).</summary>
    public static RgbImage ReadPnmGz(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ImageDecoder.Decode(ms.ToArray(), path);
    }
}
