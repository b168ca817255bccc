using System.Globalization;
using System.Text.Json;
using Taco.Imaging;

namespace Taco.Cli.Tests;

/// <summary>A temporary folder with distinct real images and item files for batch and eval tests.</summary>
internal sealed class BatchFixture : IDisposable
{
    public BatchFixture()
    {
        Root = Directory.CreateTempSubdirectory("taco-batch").FullName;
    }

    public string Root { get; }

    public static string Board => Path.Combine(AppContext.BaseDirectory, "Fixtures", "price-board.png");

    public static string TinyLlava => Path.Combine(ModelsCommandTests.RepoRoot(), "models", "tiny-llava");

    /// <summary>Small, seeded runs of the tiny random model: fast and deterministic.</summary>
    public static string[] Model(int maxSteps = 2, int maxNewTokens = 8) =>
        ["--model", TinyLlava, "--max-steps", maxSteps.ToString(CultureInfo.InvariantCulture), "--max-new-tokens", maxNewTokens.ToString(CultureInfo.InvariantCulture), "--temperature", "1", "--seed", "5"];

    /// <summary>Image i: the price board for 0, else a solid colour of its own size.</summary>
    public string Image(int i, string folder = "images")
    {
        var dir = Directory.CreateDirectory(Path.Combine(Root, folder)).FullName;
        var path = Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"img-{i:00}.png"));
        if (i == 0)
        {
            File.Copy(Board, path, overwrite: true);
        }
        else
        {
            var image = RgbImage.Create(24 + (i * 7), 20 + (i * 5), new Rgb((byte)(i * 37 % 256), (byte)(i * 91 % 256), (byte)(i * 53 % 256)));
            File.WriteAllBytes(path, ImageEncoder.EncodePng(image));
        }

        return path;
    }

    public string Folder(int count, string folder = "images")
    {
        for (var i = 0; i < count; i++)
        {
            Image(i, folder);
        }

        return Path.Combine(Root, folder);
    }

    /// <summary>A JSON Lines file of <paramref name="count"/> items, each with its own image and question.</summary>
    public string Items(int count, string name = "items.jsonl", Func<int, Dictionary<string, object?>>? extra = null)
    {
        var lines = Enumerable.Range(0, count).Select(i =>
        {
            var fields = new Dictionary<string, object?>
            {
                ["id"] = string.Create(CultureInfo.InvariantCulture, $"item-{i:00}"),
                ["image"] = Path.GetRelativePath(Root, Image(i)),
                ["question"] = string.Create(CultureInfo.InvariantCulture, $"What is shown in picture {i}?"),
            };
            foreach (var (k, v) in extra?.Invoke(i) ?? [])
            {
                fields[k] = v;
            }

            return JsonSerializer.Serialize(fields);
        });
        var path = Path.Combine(Root, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    public static List<JsonElement> ReadResults(string path) =>
        [.. File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
