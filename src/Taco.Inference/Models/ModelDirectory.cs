using System.Text.Json;
using System.Text.Json.Nodes;

namespace Taco.Inference.Models;

/// <summary>
/// A model directory in the transformers.js / onnx-community layout: <c>config.json</c>,
/// <c>generation_config.json</c>, <c>preprocessor_config.json</c>, <c>processor_config.json</c>, tokenizer
/// files and <c>onnx/{vision_encoder,embed_tokens,decoder_model_merged}{,_fp16,_quantized,_q4,_q4f16}.onnx</c>.
/// Opening it reads the configs and checks what is there; nothing is loaded into ONNX Runtime.
/// </summary>
public sealed class ModelDirectory
{
    /// <summary>The <c>model_type</c> values this runtime supports.</summary>
    public static IReadOnlyList<string> SupportedModelTypes { get; } = ["llava", "idefics3", "smolvlm"];

    /// <summary>Variant order tried when no dtype is asked for: quantized weights first (decode on a CPU is bound by memory bandwidth), fp16 compute last (slow on CPUs).</summary>
    private static readonly ModelDtype[] DefaultPreference = [ModelDtype.Q8, ModelDtype.Q4, ModelDtype.Fp32, ModelDtype.Q4F16, ModelDtype.Fp16];

    private static readonly string[] OptionalFiles = ["generation_config.json", "processor_config.json", "tokenizer_config.json"];

    private ModelDirectory(string path, JsonObject config, JsonObject? generation, JsonObject preprocessor, JsonObject? processor)
    {
        Path = path;
        Config = config;
        GenerationConfig = generation;
        PreprocessorConfig = preprocessor;
        ProcessorConfig = processor;
        var configFile = ConfigPath("config.json");
        var generationFile = ConfigPath("generation_config.json");
        ModelType = ConfigValues.OptionalString(config, configFile, "model_type") ?? throw new ModelLoadException($"{configFile} has no \"model_type\".");
        Family = ModelType switch
        {
            "llava" => ModelFamily.Llava,
            "idefics3" or "smolvlm" => ModelFamily.Idefics3,
            _ => throw new ModelLoadException(
                $"{configFile}: model_type \"{ModelType}\" is not supported; supported: {string.Join(", ", SupportedModelTypes)}."),
        };
        ImageTokenId = ConfigValues.OptionalInt(config, configFile, "image_token_index")
            ?? ConfigValues.OptionalInt(config, configFile, "image_token_id")
            ?? throw new ModelLoadException($"{configFile} has neither \"image_token_index\" nor \"image_token_id\".");
        string[] text = config.ContainsKey("text_config") ? ["text_config"] : [];
        VocabSize = ConfigValues.OptionalInt(config, configFile, [.. text, "vocab_size"]) ?? 0;
        ContextLength = ConfigValues.OptionalInt(config, configFile, [.. text, "max_position_embeddings"]);
        var textEos = ConfigValues.Ids(config, configFile, [.. text, "eos_token_id"]);
        EosTokenIds = ConfigValues.Ids(generation, generationFile, "eos_token_id") is { Count: > 0 } fromGeneration ? fromGeneration
            : textEos.Count > 0 ? textEos
            : ConfigValues.Ids(config, configFile, "eos_token_id");
        MaxNewTokens = ConfigValues.OptionalInt(generation, generationFile, "max_new_tokens");
        AvailableDtypes = [.. Enum.GetValues<ModelDtype>().Where(d => Enum.GetValues<ModelComponent>().All(c => File.Exists(FilePath(c, d))))];
    }

    public string Path { get; }

    /// <summary>The <c>model_type</c> of <c>config.json</c>.</summary>
    public string ModelType { get; }

    public ModelFamily Family { get; }

    public int ImageTokenId { get; }

    public int VocabSize { get; }

    /// <summary><c>max_position_embeddings</c> of the text model, when stated.</summary>
    public int? ContextLength { get; }

    /// <summary>End-of-sequence ids: <c>generation_config.json</c>'s, else <c>config.json</c>'s.</summary>
    public IReadOnlyList<int> EosTokenIds { get; }

    /// <summary><c>generation_config.json</c>'s <c>max_new_tokens</c>, when stated.</summary>
    public int? MaxNewTokens { get; }

    /// <summary>
    /// The protocol profile the model was trained with: <c>generation_config.json</c>'s <c>taco_profile</c>
    /// (e.g. <c>"taco-tiny"</c>), or null when it names none (then the agent speaks TACO's own profile).
    /// </summary>
    public string? ProtocolProfileName =>
        GenerationConfig?["taco_profile"] is JsonValue v && v.TryGetValue<string>(out var name) && name.Length > 0 ? name : null;

    /// <summary>
    /// The model this directory was made from, as config.json's <c>_name_or_path</c> records it (transformers writes it
    /// when it saves a model, and ONNX exports keep it), or null when it is not stated.
    /// </summary>
    public string? SourceName =>
        Config["_name_or_path"] is JsonValue v && v.TryGetValue<string>(out var name) && name.Trim().Length > 0 ? name.Trim() : null;

    /// <summary>
    /// Whether <see cref="SourceName"/> names a TACO checkpoint: its last path segment (a trailing <c>checkpoint-…</c>
    /// folder skipped) has <c>taco</c> as one of its words, as the released <c>Salesforce/llama3-siglip-mantis-taco-8b</c>,
    /// <c>Salesforce/llama3-clip-pretrained-mantis-taco-8b</c> and <c>Salesforce/qwen2-siglip-llava-ov-taco-7b</c> do.
    /// The name is all a config tells: their <c>model_type</c> (<c>llava</c>) and architectures
    /// (<c>LlavaForConditionalGeneration</c> from Mantis, <c>LlavaQwenForCausalLM</c> from LLaVA-OneVision) are those
    /// of the base models they were tuned from.
    /// </summary>
    public bool NamesTacoCheckpoint
    {
        get
        {
            var segments = (SourceName ?? string.Empty).Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
            var last = segments.LastOrDefault(s => !s.StartsWith("checkpoint", StringComparison.OrdinalIgnoreCase)) ?? string.Empty;
            return last.Split(['-', '_', '.', ' '], StringSplitOptions.RemoveEmptyEntries)
                .Any(w => w.Equals("taco", StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>The dtypes for which all three graphs are present.</summary>
    public IReadOnlyList<ModelDtype> AvailableDtypes { get; }

    internal JsonObject Config { get; }

    internal JsonObject? GenerationConfig { get; }

    internal JsonObject PreprocessorConfig { get; }

    internal JsonObject? ProcessorConfig { get; }

    /// <summary>Reads and checks a model directory; throws <see cref="ModelLoadException"/> naming what is missing or unsupported.</summary>
    public static ModelDirectory Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Directory.Exists(path))
        {
            throw new ModelLoadException($"Model directory not found: {path}.");
        }

        var config = ReadJson(path, "config.json", required: true)!;
        var preprocessor = ReadJson(path, "preprocessor_config.json", required: true)!;
        var directory = new ModelDirectory(
            System.IO.Path.GetFullPath(path),
            config,
            ReadJson(path, "generation_config.json", required: false),
            preprocessor,
            ReadJson(path, "processor_config.json", required: false));
        if (!File.Exists(System.IO.Path.Combine(path, "tokenizer.json")))
        {
            throw new ModelLoadException($"{System.IO.Path.Combine(path, "tokenizer.json")} is missing; a model directory needs its tokenizer.");
        }

        return directory;
    }

    /// <summary>The dtype names <see cref="TryParseDtype"/> knows, for a message about one it does not.</summary>
    public const string DtypeNames = "fp32, fp16, q8 (quantized), q4, q4f16";

    /// <summary>Parses a dtype name as transformers.js spells it (<c>fp32</c>, <c>fp16</c>, <c>q8</c>/<c>quantized</c>, <c>q4</c>, <c>q4f16</c>).</summary>
    public static ModelDtype ParseDtype(string name) =>
        TryParseDtype(name, out var dtype) ? dtype : throw new ArgumentException($"Unknown dtype \"{name}\"; known: {DtypeNames}.", nameof(name));

    /// <summary>Parses a dtype name as <see cref="ParseDtype"/> does; false for a name it does not know.</summary>
    public static bool TryParseDtype(string name, out ModelDtype dtype)
    {
        ArgumentNullException.ThrowIfNull(name);
        ModelDtype? known = name.ToUpperInvariant() switch
        {
            "FP32" => ModelDtype.Fp32,
            "FP16" => ModelDtype.Fp16,
            "Q8" or "QUANTIZED" or "INT8" => ModelDtype.Q8,
            "Q4" => ModelDtype.Q4,
            "Q4F16" => ModelDtype.Q4F16,
            _ => null,
        };
        dtype = known.GetValueOrDefault();
        return known is not null;
    }

    /// <summary>The file-name suffix of a dtype, e.g. <c>_fp16</c>.</summary>
    public static string SuffixOf(ModelDtype dtype) => dtype switch
    {
        ModelDtype.Fp32 => "",
        ModelDtype.Fp16 => "_fp16",
        ModelDtype.Q8 => "_quantized",
        ModelDtype.Q4 => "_q4",
        ModelDtype.Q4F16 => "_q4f16",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>Where a component's graph for a dtype lives (whether or not it exists).</summary>
    public string FilePath(ModelComponent component, ModelDtype dtype) =>
        System.IO.Path.Combine(Path, "onnx", BaseName(component) + SuffixOf(dtype) + ".onnx");

    /// <summary>
    /// The dtype to load: <paramref name="requested"/> when all its files are present, else (when null) the
    /// first available of q8, q4, fp32, q4f16, fp16. Throws naming the missing file.
    /// </summary>
    public ModelDtype ChooseDtype(ModelDtype? requested = null)
    {
        if (requested is { } wanted)
        {
            foreach (var component in Enum.GetValues<ModelComponent>())
            {
                var file = FilePath(component, wanted);
                if (!File.Exists(file))
                {
                    throw new ModelLoadException(
                        $"{file} is missing, so dtype {wanted.ToString().ToLowerInvariant()} cannot be loaded; available: {DescribeAvailable()}.");
                }
            }

            return wanted;
        }

        foreach (var dtype in DefaultPreference)
        {
            if (AvailableDtypes.Contains(dtype))
            {
                return dtype;
            }
        }

        var missing = Enum.GetValues<ModelComponent>().Select(c => FilePath(c, ModelDtype.Fp32)).Where(f => !File.Exists(f));
        throw new ModelLoadException(
            $"{Path} has no complete set of ONNX graphs (vision_encoder, embed_tokens, decoder_model_merged for one dtype); missing e.g. {string.Join(", ", missing)}.");
    }

    /// <summary>Bytes on disk of a dtype's three graphs, external data included (0 for a graph that is absent).</summary>
    public long VariantBytes(ModelDtype dtype) =>
        Enum.GetValues<ModelComponent>().Sum(c => FileBytes(FilePath(c, dtype)) + FileBytes(FilePath(c, dtype) + "_data"));

    /// <summary>Optional files this directory lacks (what a <c>models info</c> report lists as missing).</summary>
    public IReadOnlyList<string> MissingOptionalFiles() =>
        [.. OptionalFiles.Where(f => !File.Exists(ConfigPath(f)))];

    /// <summary>Checks the external-data file a graph needs when <c>config.json</c> says it is stored that way.</summary>
    internal void CheckExternalData(ModelComponent component, ModelDtype dtype)
    {
        var graph = FilePath(component, dtype);
        var name = System.IO.Path.GetFileName(graph);
        var flags = Config["transformers.js_config"]?["use_external_data_format"];
        var declared = flags switch
        {
            JsonObject perFile => perFile[name] is JsonValue v && (v.TryGetValue<bool>(out var b) ? b : v.TryGetValue<int>(out var n) && n > 0),
            JsonValue all => all.TryGetValue<bool>(out var b) && b,
            _ => false,
        };
        if (declared && !File.Exists(graph + "_data"))
        {
            throw new ModelLoadException($"{graph}_data is missing; config.json says {name} keeps its weights in that external data file.");
        }
    }

    private static long FileBytes(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    private string DescribeAvailable() =>
        AvailableDtypes.Count == 0 ? "none" : string.Join(", ", AvailableDtypes.Select(d => d.ToString().ToLowerInvariant()));

    /// <summary>The full path of one of the directory's files, e.g. <c>preprocessor_config.json</c>.</summary>
    internal string ConfigPath(string name) => System.IO.Path.Combine(Path, name);

    private static string BaseName(ModelComponent component) => component switch
    {
        ModelComponent.VisionEncoder => "vision_encoder",
        ModelComponent.EmbedTokens => "embed_tokens",
        ModelComponent.Decoder => "decoder_model_merged",
        _ => throw new ArgumentOutOfRangeException(nameof(component)),
    };

    private static JsonObject? ReadJson(string directory, string name, bool required)
    {
        var file = System.IO.Path.Combine(directory, name);
        if (!File.Exists(file))
        {
            return required ? throw new ModelLoadException($"{file} is missing; a transformers.js model directory needs it.") : null;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(file)) as JsonObject
                ?? throw new ModelLoadException($"{file} does not hold a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"{file} is not valid JSON: {e.Message}", e);
        }
    }
}
