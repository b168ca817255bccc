using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using Taco.Agent.Constraints;
using Taco.Agent.Protocol;
using Taco.Benchmarks.Tokenizers;
using Taco.Tokenizers;
using Taco.Tools;
using Taco.Tools.Calculate;

namespace Taco.Benchmarks.Agent;

/// <summary>
/// Per-token cost of constrained decoding: the token mask (clear, walk the vocabulary trie under the CoTA
/// grammar, mask the logits) at a few typical states, and a whole reply token by token. Vocabularies: the
/// repository's tiny-llava (565 logits) and Llama 3 (128,256 tokens, from the pinned test tokenizers).
/// Run: dotnet run -c Release --project bench/Taco.Benchmarks -- --filter '*CotaConstraint*' --inProcess
/// </summary>
[MemoryDiagnoser]
public class CotaConstraintBenchmarks
{
    private const string Reply = """{"thought": "The price board is small; zoom in on it before reading it.", "actions": [{"name": "ZoomIn", "arguments": {"image": "image-0", "bbox": [0.12, 0.3, 0.85, 0.92], "zoom_factor": 2}}]}""";

    private static readonly ToolDescriptor[] Actions =
    [
        new("OCR", "Extract texts.", [new ToolArgument("image", ToolArgumentType.Image, "the image")], [new ToolReturn("text", "string", "texts")]),
        new(
            "ZoomIn",
            "Crop and zoom.",
            [
                new ToolArgument("image", ToolArgumentType.Image, "the image"),
                new ToolArgument("bbox", ToolArgumentType.BBox, "the box"),
                new ToolArgument("zoom_factor", ToolArgumentType.Number, "factor") { Minimum = 1, ExclusiveMinimum = true },
            ],
            [new ToolReturn("image", "image", "zoomed")]),
        new CalculateTool().Descriptor,
        new TerminateTool().Descriptor,
    ];

    private TokenTrie _trie = null!;
    private CotaGrammar _grammar = null!;
    private int[] _replyIds = [];
    private bool[] _allowed = [];
    private float[] _logits = [];
    private CotaGrammarState _inThought;
    private CotaGrammarState _inName;
    private CotaGrammarState _inBox;

    [Params("tiny-llava", "llama3")]
    public string Vocabulary { get; set; } = "tiny-llava";

    [GlobalSetup]
    public void Setup()
    {
        var directory = Vocabulary == "llama3" ? CorpusFiles.TokenizerDirectory("llama3") : Path.Combine(Paths.RepoRoot, "models", Vocabulary);
        var tokenizer = Tokenizer.FromDirectory(directory);
        var clock = Stopwatch.StartNew();
        var bytes = new byte[]?[tokenizer.VocabularySize];
        for (var id = 0; id < bytes.Length; id++)
        {
            bytes[id] = tokenizer.IsSpecial(id) ? null : tokenizer.DecodedBytes(id);
        }

        _trie = new TokenTrie(bytes);
        Console.WriteLine($"// {Vocabulary}: {_trie.TokenCount} tokens, {_trie.NodeCount} trie nodes, built in {clock.Elapsed.TotalMilliseconds:0} ms; the reply is {tokenizer.Encode(Reply, addSpecialTokens: false).Length} tokens");
        _grammar = new CotaGrammar(Actions, imageCount: 2);
        _replyIds = tokenizer.Encode(Reply, addSpecialTokens: false);
        _allowed = new bool[tokenizer.VocabularySize];
        _logits = new float[tokenizer.VocabularySize];
        _inThought = After("{\"thought\": \"The price board is");
        _inName = After("{\"thought\": \"\", \"actions\": [{\"name\": \"");
        _inBox = After("{\"thought\": \"\", \"actions\": [{\"name\": \"ZoomIn\", \"arguments\": {\"image\": \"image-0\", \"bbox\": [0.12, ");
        if (!_grammar.Matches(Encoding.UTF8.GetBytes(Reply)))
        {
            throw new InvalidOperationException("The benchmark reply does not match the grammar.");
        }
    }

    /// <summary>Inside the thought: nearly every token is allowed, the whole trie is walked.</summary>
    [Benchmark]
    public int MaskInThought() => Mask(_inThought, budget: 200);

    /// <summary>Inside the action name: a handful of tokens.</summary>
    [Benchmark]
    public int MaskInActionName() => Mask(_inName, budget: 200);

    /// <summary>Inside a box, with a budget tight enough that the completion check runs for every token.</summary>
    [Benchmark]
    public int MaskInBoxUnderTightBudget() => Mask(_inBox, budget: 40);

    /// <summary>A whole 55–80-token reply: mask, then advance over the chosen token, for every token.</summary>
    [Benchmark]
    public int WholeReply()
    {
        var state = _grammar.Start;
        var total = 0;
        var budget = 256;
        foreach (var id in _replyIds)
        {
            total += Mask(state, budget--);
            if (!_allowed[id] || !_grammar.Advance(ref state, _trie.BytesOf(id)))
            {
                throw new InvalidOperationException($"token {id} of the reply was not allowed");
            }
        }

        return total;
    }

    private int Mask(in CotaGrammarState state, int budget)
    {
        Array.Clear(_allowed);
        var count = _trie.Allowed(_grammar, state, _allowed, budget);
        var logits = _logits;
        for (var i = 0; i < logits.Length; i++)
        {
            if (!_allowed[i])
            {
                logits[i] = float.NegativeInfinity;
            }
        }

        return count;
    }

    private CotaGrammarState After(string text)
    {
        var state = _grammar.Start;
        return _grammar.Advance(ref state, Encoding.UTF8.GetBytes(text)) ? state : throw new InvalidOperationException($"not a reply prefix: {text}");
    }
}
