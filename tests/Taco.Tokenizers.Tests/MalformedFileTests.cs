using System.Text.Json.Nodes;

namespace Taco.Tokenizers.Tests;

/// <summary>Bad tokenizer files fail with a TokenizerException that names the file and the reason.</summary>
public sealed class MalformedFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("taco-tok-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // A small but complete byte-level BPE tokenizer.json, mutated per test.
    private static JsonObject Minimal() => new()
    {
        ["added_tokens"] = new JsonArray(new JsonObject { ["id"] = 4, ["content"] = "<eos>", ["special"] = true }),
        ["normalizer"] = null,
        ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["use_regex"] = true },
        ["post_processor"] = null,
        ["decoder"] = new JsonObject { ["type"] = "ByteLevel" },
        ["model"] = new JsonObject
        {
            ["type"] = "BPE",
            ["vocab"] = new JsonObject { ["a"] = 0, ["b"] = 1, ["ab"] = 2, ["Ġ"] = 3 },
            ["merges"] = new JsonArray("a b"),
        },
    };

    private string Write(JsonObject json, string name = "tokenizer.json")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    [Fact]
    public void A_minimal_tokenizer_loads_and_round_trips()
    {
        var tokenizer = Tokenizer.FromFile(Write(Minimal()));
        Assert.Equal([2, 3, 0, 4], tokenizer.Encode("ab a<eos>"));
        Assert.Equal("ab a<eos>", tokenizer.Decode([2, 3, 0, 4]));
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(_dir, "nope", "tokenizer.json");
        var e = Assert.Throws<TokenizerException>(() => Tokenizer.FromFile(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_reported_with_the_file()
    {
        var path = Path.Combine(_dir, "tokenizer.json");
        File.WriteAllText(path, "{\"model\": {");
        var e = Assert.Throws<TokenizerException>(() => Tokenizer.FromFile(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("JSON", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("normalizer", "Precompiled")]
    [InlineData("pre_tokenizer", "BertPreTokenizer")]
    [InlineData("decoder", "CTC")]
    [InlineData("post_processor", "Fancy")]
    public void An_unsupported_component_is_named_with_the_file(string stage, string type)
    {
        var json = Minimal();
        json[stage] = new JsonObject { ["type"] = type };
        var path = Write(json);
        var e = Assert.Throws<TokenizerException>(() => Tokenizer.FromFile(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains($"\"{type}\"", e.Message, StringComparison.Ordinal);
        Assert.Contains(stage.Replace("_", "-", StringComparison.Ordinal).Replace("post-processor", "post-processor", StringComparison.Ordinal)[..4], e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_model_is_refused_by_name()
    {
        var json = Minimal();
        json["model"] = new JsonObject { ["type"] = "WordPiece", ["vocab"] = new JsonObject() };
        var e = Assert.Throws<TokenizerException>(() => Tokenizer.FromFile(Write(json)));
        Assert.Contains("\"WordPiece\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unigram_model_without_pieces_or_unk_is_refused()
    {
        var json = Minimal();
        json["model"] = new JsonObject { ["type"] = "Unigram", ["vocab"] = new JsonArray() };
        Assert.Contains("$.model.vocab", Assert.Throws<TokenizerException>(() => Tokenizer.FromFile(Write(json))).Message, StringComparison.Ordinal);
        json["model"] = new JsonObject { ["type"] = "Unigram", ["vocab"] = new JsonArray(new JsonArray("a", -1.0)) };
        Assert.Contains("unk_id", Assert.Throws<TokenizerException>(() => Tokenizer.FromFile(Write(json))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_merge_entry_points_at_its_json_path()
    {
        var json = Minimal();
        json["model"]!["merges"] = new JsonArray("a b", 7);
        var e = Assert.Throws<TokenizerException>(() => Tokenizer.FromFile(Write(json)));
        Assert.Contains("$.model.merges[1]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_regex_the_reference_cannot_express_is_refused_rather_than_approximated()
    {
        var json = Minimal();
        json["pre_tokenizer"] = new JsonObject
        {
            ["type"] = "Split",
            ["pattern"] = new JsonObject { ["Regex"] = "[[:alpha:]&&[a-z]]+" },
            ["behavior"] = "Isolated",
        };
        var e = Assert.Throws<TokenizerException>(() => Tokenizer.FromFile(Write(json)));
        Assert.Contains("$.pre_tokenizer.pattern", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_token_id_is_refused_before_allocating()
    {
        var json = Minimal();
        json["model"]!["vocab"]!["zz"] = int.MaxValue;
        var e = Assert.Throws<TokenizerException>(() => Tokenizer.FromFile(Write(json)));
        Assert.Contains("$.model.vocab", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_tokenizer_config_is_named()
    {
        var tokenizerPath = Write(Minimal());
        var config = Path.Combine(_dir, "tokenizer_config.json");
        File.WriteAllText(config, "{\"chat_template\": 5}");
        var e = Assert.Throws<TokenizerException>(() => Tokenizer.FromFile(tokenizerPath, config));
        Assert.Equal(config, e.FilePath);
    }
}
