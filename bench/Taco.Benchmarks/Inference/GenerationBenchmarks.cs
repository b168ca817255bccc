using BenchmarkDotNet.Attributes;
using Taco.Imaging;
using Taco.Inference;
using Taco.Inference.Generation;
using Taco.Inference.Models;
using Taco.Inference.Preprocessing;
using Taco.Tokenizers.ChatTemplates;

namespace Taco.Benchmarks.Inference;

/// <summary>
/// Generation on the committed tiny VLMs (1 intra-op thread): time to first token for a prompt with one image,
/// 32 greedy decode steps, and a CoTA turn that brings a second image — prefilled on top of the kept KV cache
/// versus re-prefilled from scratch over the whole history.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Imaging.ShortInProcessConfig))]
public class GenerationBenchmarks
{
    private const string Request = "# USER REQUEST #:\nWhich object is closer to the camera?\nNow please generate your response:\n";
    private const string Observation =
        "OBSERVATION:\n{'image': 'image-1: <image>'}\nThe OBSERVATION can be incomplete or incorrect, so please be critical and decide how to make use of it. "
        + "If you've gathered sufficient information to answer the question, call Terminate with the final answer. Now, please generate the response for the next step.";

    private VisionLanguageModel _model = null!;
    private RgbImage _image = null!;
    private string _prompt = null!;
    private string _turn2 = null!;
    private ProcessedImage _second = null!;
    private Conversation _decode = null!;
    private int _promptLength;
    private Conversation _cota = null!;
    private int _afterTurn1;
    private int[] _history = [];
    private ProcessedImage[] _historyImages = [];

    [Params("tiny-llava:fp16", "tiny-idefics3:fp32")]
    public string Model { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var (name, dtype) = (Model.Split(':')[0], Model.Split(':')[1]);
        _model = VisionLanguageModel.Load(Path.Combine(Paths.RepoRoot, "models", name), new ModelLoadOptions
        {
            Dtype = ModelDirectory.ParseDtype(dtype),
            SessionOptions = new Taco.Onnx.SessionOptions { IntraOpThreads = 1, InterOpThreads = 1 },
        });
        _image = ImageDecoder.Decode(Path.Combine(Paths.RepoRoot, "models", "goldens", "images", "scene_a.png"));
        _second = _model.ImageProcessor.Process(ImageDecoder.Decode(Path.Combine(Paths.RepoRoot, "models", "goldens", "images", "receipt_b.png")));
        _prompt = _model.Tokenizer.ApplyChatTemplate(
            [ChatTemplateMessage.FromParts("user", ChatContentPart.Image(), ChatContentPart.FromText(Request))], addGenerationPrompt: true);
        _turn2 = _model.Directory.Family == ModelFamily.Llava
            ? "<|im_end|>\n<|im_start|>user\n" + Observation + "<|im_end|>\n<|im_start|>assistant\n"
            : "<end_of_utterance>\nUser: " + Observation + "<end_of_utterance>\nAssistant:";

        var first = _model.ImageProcessor.Process(_image);
        _decode = _model.CreateConversation();
        _decode.AppendText(_prompt, [first]);
        _promptLength = _decode.Length;

        _cota = _model.CreateConversation();
        _cota.AppendText(_prompt, [first]);
        _cota.Generate(new GenerationOptions { MaxNewTokens = 32, EosTokenIds = [] });
        _afterTurn1 = _cota.Length;
        _cota.AppendText(_turn2, [_second]);
        _history = [.. _cota.TokenIds];
        _historyImages = [first, _second];
        _cota.Rewind(_afterTurn1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _decode.Dispose();
        _cota.Dispose();
        _model.Dispose();
    }

    /// <summary>Preprocess + vision encoder + embed + prefill + first greedy token, from a new conversation.</summary>
    [Benchmark]
    public int TimeToFirstToken()
    {
        using var conversation = _model.CreateConversation();
        conversation.AppendText(_prompt, [_image]);
        return conversation.Generate(new GenerationOptions { MaxNewTokens = 1, EosTokenIds = [] }).TokenIds[0];
    }

    /// <summary>32 greedy tokens after the prompt (plus one step recomputing the prompt's last position after the rewind).</summary>
    [Benchmark]
    public int Decode32Tokens()
    {
        _decode.Rewind(_promptLength);
        return _decode.Generate(new GenerationOptions { MaxNewTokens = 32, EosTokenIds = [] }).TokenIds.Count;
    }

    /// <summary>CoTA turn 2 (observation with a second image) on top of turn 1's cache: 1 + new tokens, one image.</summary>
    [Benchmark]
    public float CotaTurnWithCache()
    {
        _cota.Rewind(_afterTurn1);
        _cota.AppendText(_turn2, [_second]);
        return _cota.Forward()[0];
    }

    /// <summary>The same turn re-prefilled from scratch: the whole history and both images.</summary>
    [Benchmark]
    public float CotaTurnReprefilled()
    {
        using var conversation = _model.CreateConversation();
        conversation.AppendTokens(_history, _historyImages);
        return conversation.Forward()[0];
    }
}
