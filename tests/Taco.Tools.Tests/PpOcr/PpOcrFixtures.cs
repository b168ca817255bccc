using System.Text.Json;
using Taco.Imaging;
using Taco.Tools.Tests.Ocr;

namespace Taco.Tools.Tests.PpOcr;

/// <summary>
/// The photo-like fixtures of models/recipes/fixtures/ppocr (same truth format as the OCR set),
/// read from the source tree so the shared test project file needs no new entry.
/// </summary>
internal static class PpOcrFixtures
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    public static string Folder { get; } = Find();

    public static IReadOnlyList<OcrTruth> Truth { get; } = Load();

    public static OcrTruth Get(string name) => Truth.Single(t => t.Name == name);

    public static RgbImage Image(OcrTruth truth) => OcrFixtures.ReadPnmGz(Path.Combine(Folder, truth.File));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "recipes", "fixtures", "ppocr", "committed");
            if (File.Exists(Path.Combine(candidate, "truth.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"models/recipes/fixtures/ppocr/committed/truth.json not found above {AppContext.BaseDirectory}");
    }

    private static List<OcrTruth> Load()
    {
        using var stream = File.OpenRead(Path.Combine(Folder, "truth.json"));
        return JsonSerializer.Deserialize<List<OcrTruth>>(stream, JsonOptions)
            ?? throw new InvalidDataException("ppocr truth.json is empty");
    }
}
