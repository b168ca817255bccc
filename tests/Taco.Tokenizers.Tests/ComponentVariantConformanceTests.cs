using System.Text.Json;
using System.Text.Json.Nodes;

namespace Taco.Tokenizers.Tests;

/// <summary>
/// Normalizers, pre-tokenizers and post-processors the packaged tokenizers do not use, checked on their
/// vocabularies: the golden generator swapped pipeline stages in tokenizer.json and recorded the JS
/// reference's ids; the test makes the same swap and must produce the same ids and decodes.
/// </summary>
public sealed class ComponentVariantConformanceTests
{
    public static TheoryData<string> Variants()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Goldens"), "variant-*.ids.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    // The generator's Unigram-over-BPE-vocabulary model: piece i scores -1 - ((37 i) mod 1000) / 16.
    private static JsonObject UnigramFrom(JsonObject bpe)
    {
        var pieces = bpe["vocab"]!.AsObject().Select(p => (Piece: p.Key, Id: p.Value!.GetValue<int>())).OrderBy(p => p.Id);
        var vocab = new JsonArray(pieces.Select(p => (JsonNode)new JsonArray(p.Piece, -1 - ((37 * p.Id) % 1000) / 16.0)).ToArray());
        return new JsonObject { ["type"] = "Unigram", ["unk_id"] = 0, ["byte_fallback"] = false, ["vocab"] = vocab };
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void A_changed_pipeline_matches_the_reference(string file)
    {
        using var golden = Goldens.Parse(file);
        var root = golden.RootElement;
        var baseDir = TestAssets.Directory(root.GetProperty("base").GetString()!);
        var json = JsonNode.Parse(File.ReadAllBytes(Path.Combine(baseDir, "tokenizer.json")))!.AsObject();
        foreach (var stage in root.GetProperty("replace").EnumerateObject())
        {
            json[stage.Name] = JsonNode.Parse(stage.Value.GetRawText());
        }

        if (root.TryGetProperty("unigram", out var unigram) && unigram.GetBoolean())
        {
            json["model"] = UnigramFrom(json["model"]!.AsObject());
        }

        if (root.TryGetProperty("modelPatch", out var patch))
        {
            foreach (var field in patch.EnumerateObject())
            {
                json["model"]![field.Name] = JsonNode.Parse(field.Value.GetRawText());
            }
        }
        var dir = Directory.CreateTempSubdirectory("taco-variant-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "tokenizer.json"), json.ToJsonString());
            File.Copy(Path.Combine(baseDir, "tokenizer_config.json"), Path.Combine(dir, "tokenizer_config.json"));
            var tokenizer = Tokenizer.FromDirectory(dir);
            var corpus = Goldens.Corpus;
            var failures = new List<string>();
            foreach (var c in root.GetProperty("cases").EnumerateArray())
            {
                var index = c.GetProperty("index").GetInt32();
                var want = c.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray();
                var got = tokenizer.Encode(corpus[index]);
                if (!got.SequenceEqual(want))
                {
                    failures.Add($"#{index} \"{Goldens.Show(corpus[index])}\"\n   want [{string.Join(",", want.Take(30))}]\n   got  [{string.Join(",", got.Take(30))}]");
                    continue;
                }
                if (c.TryGetProperty("text", out var text) && tokenizer.Decode(want) is var decoded && decoded != Goldens.Text(text))
                {
                    failures.Add($"#{index} decode want \"{Goldens.Show(Goldens.Text(text))}\" got \"{Goldens.Show(decoded)}\"");
                }
            }
            Assert.True(failures.Count == 0, $"{failures.Count} differences:\n" + string.Join("\n", failures.Take(10)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
