using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using Taco.Agent.Constraints;
using Taco.Agent.Inference;
using Taco.Agent.Protocol;
using Taco.Benchmarks.Tokenizers;
using Taco.Tokenizers;
using Taco.Tools;
using Taco.Tools.Calculate;

namespace Taco.Benchmarks.Agent;

/// <summary>
/// Per-token cost of constrained decoding: the token mask (clear, walk the vocabulary trie under the CoTA
/// grammar, mask the logits) at a few typical states, and a whole reply token by token. Vocabularies: the
/// repository's tiny-llava (565 logits) and Llama 3 (128,256 tokens, from the pinned test tokenizers). The
/// <c>*Answer*</c> benchmarks compare a Terminate answer with and without the grounded-number rule.
/// Run: dotnet run -c Release --project bench/Taco.Benchmarks -- --filter '*CotaConstraint*' --inProcess
/// </summary>
[MemoryDiagnoser]
public class CotaConstraintBenchmarks
{
    private const string Reply = """{"thought": "The price board is small; zoom in on it before reading it.", "actions": [{"name": "ZoomIn", "arguments": {"image": "image-0", "bbox": [0.12, 0.3, 0.85, 0.92], "zoom_factor": 2}}]}""";

    private const string Question = "\n# USER REQUEST #:\nimage-0: <image>\nHow many gallons of Supreme can I buy with $40?\nNow please generate your response:\n";

    private const string Observation = "OBSERVATION:\n{'result': 10.282776349614396}\nThe OBSERVATION can be incomplete or incorrect. OCR read {'text': 'Regular 3.49 9\\nPlus 3.69 9\\nSupreme 3,89 9\\nDiesel 4.05'}";

    private const string AnswerReply = """{"thought": "40 / 3.89 is about 10.28.", "actions": [{"name": "Terminate", "arguments": {"answer": "About 10.28 gallons at $3.89 a gallon ($40 in all)."}}]}""";

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
    private CotaGrammar _grounded = null!;
    private int[] _answerIds = [];
    private CotaGrammarState _inAnswer;
    private CotaGrammarState _inAnswerGrounded;
    private CotaGrammarState _inNumberGrounded;

    [Params("tiny-llava", "llama3")]
    public string Vocabulary { get; set; } = "tiny-llava";

    [GlobalSetup]
    public void Setup()
    {
        var directory = Vocabulary == "llama3" ? CorpusFiles.TokenizerDirectory("llama3") : Path.Combine(Paths.RepoRoot, "models", Vocabulary);
        var tokenizer = Tokenizer.FromDirectory(directory);
        var clock = Stopwatch.StartNew();
        _trie = VlmActionModel.BuildTrie(tokenizer);
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

        var numbers = new GroundedNumbers([Question, Observation]);
        _grounded = new CotaGrammar(Actions, imageCount: 2, numbers: numbers);
        _answerIds = tokenizer.Encode(AnswerReply, addSpecialTokens: false);
        Console.WriteLine($"// grounded numbers: {numbers.NodeCount} trie nodes; the answer reply is {_answerIds.Length} tokens");
        const string answerStart = "{\"thought\": \"\", \"actions\": [{\"name\": \"Terminate\", \"arguments\": {\"answer\": \"";
        _inAnswer = After(answerStart + "$");
        _inAnswerGrounded = After(answerStart + "$", _grounded);
        _inNumberGrounded = After(answerStart + "$3.4", _grounded);
        if (!_grounded.Matches(Encoding.UTF8.GetBytes(AnswerReply)))
        {
            throw new InvalidOperationException("The benchmark answer does not match the grounded grammar.");
        }
    }

    /// <summary>Inside a Terminate answer, no rule: plain tokens in one pass, like the thought.</summary>
    [Benchmark]
    public int MaskInAnswer() => Mask(_inAnswer, budget: 200);

    /// <summary>The same state under the grounded-number rule: tokens with digits are walked too.</summary>
    [Benchmark]
    public int MaskInAnswerGrounded() => Mask(_inAnswerGrounded, budget: 200, _grounded);

    /// <summary>Inside a number of the answer under the rule (<c>$3.4</c>): its next digits follow the allowed trie.</summary>
    [Benchmark]
    public int MaskInAnswerNumberGrounded() => Mask(_inNumberGrounded, budget: 200, _grounded);

    /// <summary>A whole Terminate reply with numbers, token by token, without the rule.</summary>
    [Benchmark]
    public int WholeAnswerReply() => Whole(_answerIds, _grammar);

    /// <summary>The same reply under the grounded-number rule.</summary>
    [Benchmark]
    public int WholeAnswerReplyGrounded() => Whole(_answerIds, _grounded);

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
    public int WholeReply() => Whole(_replyIds, _grammar);

    private int Whole(int[] ids, CotaGrammar grammar)
    {
        var state = grammar.Start;
        var total = 0;
        var budget = 256;
        foreach (var id in ids)
        {
            total += Mask(state, budget--, grammar);
            if (!_allowed[id] || !grammar.Advance(ref state, _trie.BytesOf(id)))
            {
                throw new InvalidOperationException($"token {id} of the reply was not allowed");
            }
        }

        return total;
    }

    private int Mask(in CotaGrammarState state, int budget, CotaGrammar? grammar = null)
    {
        Array.Clear(_allowed);
        var count = _trie.Allowed(grammar ?? _grammar, state, _allowed, budget);
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

    private CotaGrammarState After(string text, CotaGrammar? grammar = null)
    {
        grammar ??= _grammar;
        var state = grammar.Start;
        return grammar.Advance(ref state, Encoding.UTF8.GetBytes(text)) ? state : throw new InvalidOperationException($"not a reply prefix: {text}");
    }
}
