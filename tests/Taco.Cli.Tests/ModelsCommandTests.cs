using System.Text.Json;

namespace Taco.Cli.Tests;

public sealed class ModelsCommandTests : IDisposable
{
    private readonly string _copy = Path.Combine(Directory.CreateTempSubdirectory("taco-models").FullName, "tiny-llava");

    public ModelsCommandTests()
    {
        CopyDirectory(TinyLlava, _copy);
    }

    private static string TinyLlava => Path.Combine(RepoRoot(), "models", "tiny-llava");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_copy)!, recursive: true);

    [Fact]
    public void Info_on_tiny_llava_shows_family_variants_graphs_with_shapes_and_context_length()
    {
        var (code, output, error) = CliRunner.InProcess("models", "info", TinyLlava);
        Assert.True(code == ExitCodes.Success, error);
        var text = output.ReplaceLineEndings("\n");
        Assert.Contains("family: llava (model_type llava)\n", text, StringComparison.Ordinal);
        Assert.Contains("context length: 2048\n", text, StringComparison.Ordinal);
        Assert.Contains("dtype fp32: complete, ", text, StringComparison.Ordinal);
        Assert.Contains("dtype fp16: complete, ", text, StringComparison.Ordinal);
        Assert.Contains("onnx/vision_encoder.onnx\n  in  pixel_values: Float[batch_size, 3, 48, 48]\n", text, StringComparison.Ordinal);
        Assert.Contains("  in  past_key_values.0.key: Float[batch_size, 2, past_sequence_length, 16]\n", text, StringComparison.Ordinal);
        Assert.Contains("  out logits: Float[batch_size, sequence_length, 565]\n", text, StringComparison.Ordinal);
        Assert.EndsWith("missing: nothing\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_json_reports_variant_sizes_that_match_the_files_on_disk()
    {
        var (code, output, _) = CliRunner.InProcess("models", "info", TinyLlava, "--json", "--dtype", "fp16");
        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("llava", root.GetProperty("family").GetString());
        Assert.Equal("fp16", root.GetProperty("dtype").GetString());
        var fp16 = root.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("dtype").GetString() == "fp16");
        var expected = Directory.GetFiles(Path.Combine(TinyLlava, "onnx"), "*_fp16.onnx*").Sum(f => new FileInfo(f).Length);
        Assert.Equal(expected, fp16.GetProperty("bytes").GetInt64());
        var decoder = root.GetProperty("graphs").EnumerateArray().Single(g => g.GetProperty("component").GetString() == "decoder");
        Assert.Equal("onnx/decoder_model_merged_fp16.onnx", decoder.GetProperty("file").GetString());
        var past = decoder.GetProperty("inputs").EnumerateArray().Single(i => i.GetProperty("name").GetString() == "past_key_values.0.key");
        Assert.Equal("float16", past.GetProperty("type").GetString());
        Assert.Equal("past_sequence_length", past.GetProperty("shape")[2].GetString());
        Assert.Equal(16, past.GetProperty("shape")[3].GetInt32());
    }

    [Fact]
    public void Info_names_the_profile_a_model_gets_and_why()
    {
        var (code, output, error) = CliRunner.InProcess("models", "info", TinyLlava);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("profile: taco (model_type llava, the type of every TACO checkpoint)\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        var config = Path.Combine(_copy, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"model_type\": \"llava\"", "\"_name_or_path\": \"Salesforce/qwen2-siglip-llava-ov-taco-7b\", \"model_type\": \"llava\"", StringComparison.Ordinal));
        var (tacoCode, json, _) = CliRunner.InProcess("models", "info", _copy, "--json");
        Assert.Equal(ExitCodes.Success, tacoCode);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("Salesforce/qwen2-siglip-llava-ov-taco-7b", doc.RootElement.GetProperty("source_name").GetString());
        Assert.Equal("taco", doc.RootElement.GetProperty("profile").GetString());
        Assert.Equal("a TACO checkpoint: config.json's _name_or_path is Salesforce/qwen2-siglip-llava-ov-taco-7b", doc.RootElement.GetProperty("profile_reason").GetString());

        var (idefics, ideficsOutput, _) = CliRunner.InProcess("models", "info", Path.Combine(RepoRoot(), "models", "tiny-idefics3"));
        Assert.Equal(ExitCodes.Success, idefics);
        Assert.Contains("profile: taco-chat (model_type idefics3, a chat model and no TACO checkpoint)\n", ideficsOutput.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        var (tiny, tinyOutput, _) = CliRunner.InProcess("models", "info", Path.Combine(RepoRoot(), "models", "taco-tiny"));
        Assert.Equal(ExitCodes.Success, tiny);
        Assert.Contains("profile: taco-tiny (taco_profile in generation_config.json)\n", tinyOutput.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_without_its_tokenizer_is_a_model_error_naming_the_file()
    {
        File.Delete(Path.Combine(_copy, "tokenizer.json"));
        var (code, output, error) = CliRunner.InProcess("models", "info", _copy);
        Assert.Equal(ExitCodes.ModelError, code);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(Path.Combine(_copy, "tokenizer.json") + " is missing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_tokenizer_is_a_model_error_as_it_is_for_ask()
    {
        File.WriteAllText(Path.Combine(_copy, "tokenizer.json"), "{\"model\": ");
        var (code, output, error) = CliRunner.InProcess("models", "info", _copy);
        Assert.Equal(ExitCodes.ModelError, code);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("tokenizer.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Swapped_graph_files_are_a_model_error_naming_the_file_and_the_input_it_lacks()
    {
        var onnx = Path.Combine(_copy, "onnx");
        File.Move(Path.Combine(onnx, "vision_encoder.onnx"), Path.Combine(onnx, "swap"));
        File.Move(Path.Combine(onnx, "decoder_model_merged.onnx"), Path.Combine(onnx, "vision_encoder.onnx"));
        File.Move(Path.Combine(onnx, "swap"), Path.Combine(onnx, "decoder_model_merged.onnx"));

        var (code, output, error) = CliRunner.InProcess("models", "info", _copy, "--dtype", "fp32");

        Assert.Equal(ExitCodes.ModelError, code);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith($"taco: {Path.Combine(onnx, "vision_encoder.onnx")} is not a vision encoder: it has no input \"pixel_values\" ", error, StringComparison.Ordinal);
        Assert.Contains("the role of decoder_model_merged.onnx, so the files look swapped.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config.json", "\"image_token_index\": 564", "\"image_token_index\": \"564\"", "\"image_token_index\" must be an integer, not \"564\".")]
    [InlineData("preprocessor_config.json", "\"do_normalize\": true", "\"do_normalize\": \"yes\"", "\"do_normalize\" must be true or false, not \"yes\".")]
    public void A_config_value_of_the_wrong_kind_is_a_model_error_naming_file_and_key(string file, string from, string to, string expected)
    {
        var path = Path.Combine(_copy, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));

        var (code, output, error) = CliRunner.InProcess("models", "info", _copy);

        Assert.Equal(ExitCodes.ModelError, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"taco: {path}: {expected}\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_missing_graph_makes_its_variant_incomplete_and_is_listed_as_missing()
    {
        File.Delete(Path.Combine(_copy, "onnx", "decoder_model_merged.onnx"));
        File.Delete(Path.Combine(_copy, "tokenizer_config.json"));
        var (code, output, error) = CliRunner.InProcess("models", "info", _copy);
        Assert.True(code == ExitCodes.Success, error);
        var text = output.ReplaceLineEndings("\n");
        Assert.Contains("dtype fp32: incomplete, ", text, StringComparison.Ordinal);
        Assert.Contains("dtype fp16: complete, ", text, StringComparison.Ordinal);
        Assert.Contains(", default\n", text, StringComparison.Ordinal);
        Assert.EndsWith("missing: tokenizer_config.json, onnx/decoder_model_merged.onnx\n", text, StringComparison.Ordinal);

        var (fp32Code, _, fp32Error) = CliRunner.InProcess("models", "info", _copy, "--dtype", "fp32");
        Assert.Equal(ExitCodes.ModelError, fp32Code);
        Assert.Contains(Path.Combine(_copy, "onnx", "decoder_model_merged.onnx") + " is missing, so dtype fp32 cannot be loaded; available: fp16", fp32Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_graph_is_a_model_error_naming_the_file()
    {
        File.WriteAllText(Path.Combine(_copy, "onnx", "embed_tokens.onnx"), "not a protobuf");
        var (code, _, error) = CliRunner.InProcess("models", "info", _copy, "--dtype", "fp32");
        Assert.Equal(ExitCodes.ModelError, code);
        Assert.StartsWith($"taco: {Path.Combine(_copy, "onnx", "embed_tokens.onnx")} cannot be loaded by ONNX Runtime: ", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void An_unsupported_model_type_is_a_model_error_that_lists_the_supported_ones()
    {
        var config = Path.Combine(_copy, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"model_type\": \"llava\"", "\"model_type\": \"qwen2_vl\"", StringComparison.Ordinal));
        var (code, _, error) = CliRunner.InProcess("models", "info", _copy);
        Assert.Equal(ExitCodes.ModelError, code);
        Assert.Contains("model_type \"qwen2_vl\" is not supported; supported: llava, idefics3, smolvlm", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_directory_is_a_model_error_and_an_unknown_dtype_is_bad_input()
    {
        var (code, _, error) = CliRunner.InProcess("models", "info", "/nonexistent/model");
        Assert.Equal(ExitCodes.ModelError, code);
        Assert.Equal("taco: Model directory not found: /nonexistent/model.\n", error.ReplaceLineEndings("\n"));

        var (dtypeCode, _, dtypeError) = CliRunner.InProcess("models", "info", TinyLlava, "--dtype", "fp8");
        Assert.Equal(ExitCodes.BadInput, dtypeCode);
        Assert.Equal("taco: Unknown dtype \"fp8\"; known: fp32, fp16, q8 (quantized), q4, q4f16.\n", dtypeError.ReplaceLineEndings("\n"));
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.GetDirectories(from))
        {
            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TacoCli.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("repository root not found");
    }
}
