using System.Text.Json.Nodes;
using Taco.Inference.Models;

namespace Taco.Inference.Tests;

/// <summary>Opening model directories: variants found, defaults chosen, and clear errors for broken ones.</summary>
public sealed class ModelDirectoryTests : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "taco-inference-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    [Fact]
    public void Tiny_llava_directory_reports_family_variants_and_generation_settings()
    {
        var directory = ModelDirectory.Open(Golden.ModelDir("tiny-llava"));

        Assert.Equal(ModelFamily.Llava, directory.Family);
        Assert.Equal([ModelDtype.Fp32, ModelDtype.Fp16], directory.AvailableDtypes);
        Assert.Equal(ModelDtype.Fp32, directory.ChooseDtype());
        Assert.Equal(564, directory.ImageTokenId);
        Assert.Equal([563, 561], directory.EosTokenIds);
        Assert.Equal(2048, directory.ContextLength);
    }

    [Fact]
    public void Variant_sizes_count_external_data_and_missing_optional_files_are_listed()
    {
        var directory = ModelDirectory.Open(Golden.ModelDir("tiny-idefics3"));
        var onnx = Path.Combine(directory.Path, "onnx");
        var fp32 = new[] { "vision_encoder", "embed_tokens", "decoder_model_merged" }
            .Sum(n => new FileInfo(Path.Combine(onnx, n + ".onnx")).Length + new FileInfo(Path.Combine(onnx, n + ".onnx_data")).Length);

        Assert.Equal(fp32, directory.VariantBytes(ModelDtype.Fp32));
        Assert.Equal(0, directory.VariantBytes(ModelDtype.Q4));
        Assert.Empty(directory.MissingOptionalFiles());

        var copy = Copy("tiny-llava");
        File.Delete(Path.Combine(copy, "generation_config.json"));
        var stripped = ModelDirectory.Open(copy);
        Assert.Equal(["generation_config.json"], stripped.MissingOptionalFiles());
        Assert.Equal([563], stripped.EosTokenIds);
    }

    [Fact]
    public void Idefics3_directory_with_external_data_loads_by_path()
    {
        using var model = VisionLanguageModel.Load(Golden.ModelDir("tiny-idefics3"), new ModelLoadOptions { Dtype = ModelDtype.Fp32 });

        Assert.Equal(ModelFamily.Idefics3, model.Directory.Family);
        Assert.Equal(64, model.HiddenSize);
        Assert.Equal(Onnx.TensorElementType.Float, model.CacheElementType);
    }

    [Fact]
    public void Fp16_variant_has_a_float16_cache()
    {
        var model = Models.Get("tiny-llava", "fp16");

        Assert.Equal(Onnx.TensorElementType.Float16, model.CacheElementType);
    }

    [Theory]
    [InlineData("fp32", ModelDtype.Fp32)]
    [InlineData("FP16", ModelDtype.Fp16)]
    [InlineData("quantized", ModelDtype.Q8)]
    [InlineData("q8", ModelDtype.Q8)]
    [InlineData("q4f16", ModelDtype.Q4F16)]
    public void Dtype_names_parse_as_transformers_js_spells_them(string name, ModelDtype expected) =>
        Assert.Equal(expected, ModelDirectory.ParseDtype(name));

    [Fact]
    public void Asking_for_an_absent_dtype_names_the_missing_file_and_what_is_available()
    {
        var directory = ModelDirectory.Open(Golden.ModelDir("tiny-llava"));

        var error = Assert.Throws<ModelLoadException>(() => directory.ChooseDtype(ModelDtype.Q4));

        Assert.Contains("vision_encoder_q4.onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("fp32, fp16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_model_type_is_named_with_the_supported_ones()
    {
        var dir = Copy("tiny-llava");
        var config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"model_type\": \"llava\"", "\"model_type\": \"qwen2_vl\"", StringComparison.Ordinal));

        var error = Assert.Throws<ModelLoadException>(() => ModelDirectory.Open(dir));

        Assert.Contains("qwen2_vl", error.Message, StringComparison.Ordinal);
        Assert.Contains("llava, idefics3, smolvlm", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Salesforce/llama3-siglip-mantis-taco-8b", true)]
    [InlineData("Salesforce/llama3-clip-pretrained-mantis-taco-8b", true)]
    [InlineData("Salesforce/qwen2-siglip-llava-ov-taco-7b", true)]
    [InlineData("/ckpt/Mantis-8B-siglip-llama3-pretraind/Salesforce_llama3-siglip-mantis-taco-8b/checkpoint-final", true)]
    [InlineData("TIGER-Lab/Mantis-8B-siglip-llama3", false)]
    [InlineData("lmms-lab/llava-onevision-qwen2-7b-ov", false)]
    [InlineData("/home/taco/models/tacotron-vlm", false)]
    [InlineData("", false)]
    public void A_taco_checkpoint_is_recognised_by_the_name_its_config_records(string name, bool taco)
    {
        var dir = Copy("tiny-llava");
        var config = Path.Combine(dir, "config.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(config))!.AsObject();
        json["_name_or_path"] = name;
        File.WriteAllText(config, json.ToJsonString());

        var directory = ModelDirectory.Open(dir);

        Assert.Equal(taco, directory.NamesTacoCheckpoint);
        Assert.Equal(name.Length == 0 ? null : name, directory.SourceName);
        Assert.False(ModelDirectory.Open(Golden.ModelDir("tiny-llava")).NamesTacoCheckpoint);
    }

    [Theory]
    [InlineData("config.json")]
    [InlineData("preprocessor_config.json")]
    [InlineData("tokenizer.json")]
    public void Missing_config_or_tokenizer_file_is_named(string file)
    {
        var dir = Copy("tiny-llava");
        File.Delete(Path.Combine(dir, file));

        var error = Assert.Throws<ModelLoadException>(() => ModelDirectory.Open(dir));

        Assert.Contains(Path.Combine(dir, file), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_graph_is_named_when_loading()
    {
        var dir = Copy("tiny-llava");
        File.Delete(Path.Combine(dir, "onnx", "decoder_model_merged.onnx"));

        var error = Assert.Throws<ModelLoadException>(() => VisionLanguageModel.Load(dir, new ModelLoadOptions { Dtype = ModelDtype.Fp32 }));

        Assert.Contains("decoder_model_merged.onnx", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_external_data_file_is_named()
    {
        var dir = Copy("tiny-idefics3");
        File.Delete(Path.Combine(dir, "onnx", "embed_tokens.onnx_data"));

        var error = Assert.Throws<ModelLoadException>(() => VisionLanguageModel.Load(dir, new ModelLoadOptions { Dtype = ModelDtype.Fp32 }));

        Assert.Contains("embed_tokens.onnx_data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_config_json_is_reported_with_its_path()
    {
        var dir = Copy("tiny-llava");
        File.WriteAllText(Path.Combine(dir, "config.json"), "{ \"model_type\": ");

        var error = Assert.Throws<ModelLoadException>(() => ModelDirectory.Open(dir));

        Assert.Contains("config.json is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vision_encoder", "decoder_model_merged", "vision_encoder.onnx is not a vision encoder: it has no input \"pixel_values\"")]
    [InlineData("embed_tokens", "decoder_model_merged", "embed_tokens.onnx is not a token embedding graph: it has no input \"input_ids\"")]
    [InlineData("embed_tokens", "vision_encoder", "vision_encoder.onnx is not a vision encoder: it has no input \"pixel_values\" (inputs: input_ids)")]
    public void Swapped_graph_files_are_named_with_the_input_they_lack(string first, string second, string expected)
    {
        var dir = Copy("tiny-llava");
        var onnx = Path.Combine(dir, "onnx");
        File.Move(Path.Combine(onnx, first + ".onnx"), Path.Combine(onnx, "swap"));
        File.Move(Path.Combine(onnx, second + ".onnx"), Path.Combine(onnx, first + ".onnx"));
        File.Move(Path.Combine(onnx, "swap"), Path.Combine(onnx, second + ".onnx"));

        var error = Assert.Throws<ModelLoadException>(() => VisionLanguageModel.Load(dir, new ModelLoadOptions { Dtype = ModelDtype.Fp32 }));

        Assert.Contains(Path.Combine(onnx, expected), error.Message, StringComparison.Ordinal);
        Assert.EndsWith("so the files look swapped.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_foreign_graph_in_a_role_is_named_with_the_output_that_does_not_fit()
    {
        var dir = Copy("tiny-llava");
        var vision = Path.Combine(dir, "onnx", "vision_encoder.onnx");
        File.Copy(Path.Combine(Golden.ModelDir("tiny-depth"), "onnx", "model.onnx"), vision, overwrite: true);

        var error = Assert.Throws<ModelLoadException>(() => VisionLanguageModel.Load(dir, new ModelLoadOptions { Dtype = ModelDtype.Fp32 }));

        Assert.StartsWith($"{vision}: its output \"predicted_depth\" ", error.Message, StringComparison.Ordinal);
        Assert.Contains("is not rows of width 64, the width of \"inputs_embeds\" in ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config.json", "image_token_index", "\"abc\"", "\"image_token_index\" must be an integer, not \"abc\".")]
    [InlineData("config.json", "text_config.vocab_size", "565.5", "\"text_config.vocab_size\" must be an integer, not 565.5.")]
    [InlineData("config.json", "model_type", "5", "\"model_type\" must be a string, not 5.")]
    [InlineData("config.json", "text_config", "\"x\"", "\"text_config\" must be an object, not \"x\".")]
    [InlineData("generation_config.json", "eos_token_id", "[563, \"x\"]", "\"eos_token_id\" must be a token id or a list of token ids, not [563,\"x\"].")]
    [InlineData("generation_config.json", "max_new_tokens", "true", "\"max_new_tokens\" must be an integer, not true.")]
    [InlineData("preprocessor_config.json", "crop_size.height", "\"48\"", "\"crop_size.height\" must be an integer, not \"48\".")]
    [InlineData("preprocessor_config.json", "do_normalize", "\"yes\"", "\"do_normalize\" must be true or false, not \"yes\".")]
    [InlineData("preprocessor_config.json", "image_mean", "[\"a\", 1, 2]", "\"image_mean\" must be a number or a list of numbers, not [\"a\",1,2].")]
    [InlineData("preprocessor_config.json", "size", "48", "\"size\" must be an object, not 48.")]
    public void A_config_value_of_the_wrong_kind_is_named_by_file_and_key(string file, string key, string json, string expected)
    {
        var dir = Copy("tiny-llava");
        var path = Path.Combine(dir, file);
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var keys = key.Split('.');
        var parent = keys[..^1].Aggregate(root, (node, k) => node[k]!.AsObject());
        parent[keys[^1]] = JsonNode.Parse(json);
        File.WriteAllText(path, root.ToJsonString());

        // What ask loads without ONNX Runtime: the directory's configs, then the family's image processor.
        var error = Assert.Throws<ModelLoadException>(() => VisionLanguageModel.ImageProcessorFor(ModelDirectory.Open(dir)));

        Assert.Equal($"{path}: {expected}", error.Message);
    }

    [Fact]
    public void Nonexistent_directory_is_reported()
    {
        var error = Assert.Throws<ModelLoadException>(() => ModelDirectory.Open(Path.Combine(_scratch, "nowhere")));

        Assert.Contains("nowhere", error.Message, StringComparison.Ordinal);
    }

    private string Copy(string model)
    {
        var source = Golden.ModelDir(model);
        var target = Path.Combine(_scratch, model);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }
}
