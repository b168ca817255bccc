using System.Collections.Immutable;
using Taco.Agent.Constraints;
using Taco.Agent.Images;
using Taco.Agent.Inference;
using Taco.Agent.Models;
using Taco.Agent.Protocol;
using Taco.Agent.Runs;
using Taco.Cli.Infrastructure;
using Taco.Inference;
using Taco.Inference.Generation;
using Taco.Tools;
using Xunit.Abstractions;

namespace Taco.Cli.Tests;

/// <summary>
/// Constrained decoding on the tiny random-weight models (real ONNX Runtime): whatever random text the
/// weights favour, sampled replies at temperature 1 parse and name only the step's actions and images.
/// </summary>
public sealed class ConstrainedDecodingTests(ITestOutputHelper output)
{
    private const int Samples = 100;
    private const int MaxNewTokens = 112;

    private static string Board => Path.Combine(AppContext.BaseDirectory, "Fixtures", "price-board.png");

    private static string Model(string name) => Path.Combine(ModelsCommandTests.RepoRoot(), "models", name);

    [Theory]
    [InlineData("tiny-llava")]
    [InlineData("tiny-idefics3")]
    public async Task Sampled_replies_at_temperature_1_all_parse_and_name_only_offered_actions_and_existing_images(string name)
    {
        using var vlm = VisionLanguageModel.Load(Model(name));
        var (request, offered) = Request();
        var constrained = await SampleAsync(vlm, request, constrain: true);
        var free = await SampleAsync(vlm, request, constrain: false);
        output.WriteLine($"{name}: parse failures over {Samples} samples at temperature 1: constrained {constrained.Failures.Count}, unconstrained {free.Failures.Count}");
        output.WriteLine($"{name}: constrained actions {string.Join(", ", constrained.Actions.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} {a.Value}"))}; truncated {constrained.Truncated}; mean tokens {constrained.MeanTokens:0.0}");

        Assert.True(constrained.Failures.Count == 0, string.Join("\n", constrained.Failures.Take(5)));
        Assert.Equal(0, constrained.Truncated);
        Assert.All(constrained.Replies, reply =>
        {
            if (reply.Action is not { } action)
            {
                return;
            }

            Assert.Contains(action.Name, offered);
            foreach (var argument in action.Arguments.EnumerateObject())
            {
                if (argument.Name == "image")
                {
                    Assert.True(ImageRef.TryParse(argument.Value.GetString(), out var image) && image.Index < request.Images.Count, argument.Value.GetRawText());
                }
                else if (argument.Name == "bbox")
                {
                    Assert.Equal(4, argument.Value.GetArrayLength());
                    Assert.All(argument.Value.EnumerateArray(), v => Assert.InRange(v.GetDouble(), 0, 1));
                }
            }
        });

        // The samples are not one reply over and over: several actions come up.
        Assert.True(constrained.Actions.Count >= 2, $"only {string.Join(", ", constrained.Actions.Keys)}");
    }

    [Fact]
    public async Task The_agent_on_a_constrained_tiny_model_never_sees_a_parse_error()
    {
        using var vlm = VisionLanguageModel.Load(Model("tiny-llava"));
        using var model = new VlmActionModel(vlm, new GenerationOptions { MaxNewTokens = MaxNewTokens, Temperature = 1, Seed = 11 });
        Assert.True(model.Constrained);
        var registry = CliTools.CreateRegistry(Taco.Tools.Ocr.Tesseract.TesseractOcrEngine.Shared());
        var agent = new CotaAgent(model, registry, new AgentOptions { MaxReplies = 4 });
        for (var question = 0; question < 3; question++)
        {
            var outcome = await agent.RunAsync([CliImages.Load(Board), CliImages.Load(Board)], "What does diesel cost?");
            Assert.NotEqual(AgentExitReason.ModelError, outcome.ExitReason);
            Assert.All(outcome.Steps, step =>
            {
                Assert.NotEqual(AgentStepKind.ParseError, step.Kind);
                Assert.Null(step.Truncated);
                Assert.True(step.ActionName is null || registry.TryGet(step.ActionName, out _) || step.ActionName == TacoStrings.TerminateName, step.ActionName);
            });
        }
    }

    [Fact]
    public async Task A_budget_too_small_for_any_reply_is_reported_as_truncated()
    {
        using var vlm = VisionLanguageModel.Load(Model("tiny-llava"));
        using var model = new VlmActionModel(vlm, new GenerationOptions { MaxNewTokens = 6, Temperature = 1, Seed = 3 });
        var (request, _) = Request();
        var reply = await model.NextAsync(request, CancellationToken.None);
        Assert.True(reply.Truncated);
        Assert.Equal(6, reply.GeneratedTokens);

        // Cut short, yet well-formed as far as it goes: the grammar accepts it as the start of a reply.
        var grammar = new CotaGrammar(request.Actions, request.Images.Count);
        var state = grammar.Start;
        Assert.True(grammar.Advance(ref state, System.Text.Encoding.UTF8.GetBytes(reply.Text)), reply.Text);

        // The agent records it on the step, which is a parse error fed back as usual.
        var agent = new CotaAgent(model, CliTools.CreateRegistry(Taco.Tools.Ocr.Tesseract.TesseractOcrEngine.Shared()), new AgentOptions { MaxReplies = 1 });
        var outcome = await agent.RunAsync([CliImages.Load(Board)], "What does diesel cost?");
        var step = Assert.Single(outcome.Steps);
        Assert.Equal(AgentStepKind.ParseError, step.Kind);
        Assert.True(step.Truncated);
    }

    /// <summary>
    /// The grounded-number rule end to end: the random model, sampled at temperature 1 after a question and an
    /// observation, writes Terminate answers and Calculate expressions full of digits. With the rule every number
    /// there is one of the conversation's (or a rounding); without it, most are not.
    /// </summary>
    [Fact]
    public async Task With_the_grounded_number_rule_every_number_in_an_answer_or_expression_comes_from_the_conversation()
    {
        using var vlm = VisionLanguageModel.Load(Model("tiny-llava"));
        var registry = CliTools.CreateRegistry(Taco.Tools.Ocr.Tesseract.TesseractOcrEngine.Shared());
        // Chat turns with the task prompt in the first one (taco-chat): the sampled replies this test counts were drawn so.
        var actions = (ProtocolProfile.TacoChat with { OfferedActions = ["Calculate"] }).SelectTools(registry).Select(t => t.Descriptor).ToList();
        var images = new ImageStore([CliImages.Load(Board)]);
        var firstTurn = ProtocolProfile.TacoChat.RenderFirstTurn(actions, images.Count, "How many gallons of supreme gasoline can I get with $50?");
        ChatMessage[] messages =
        [
            ChatMessage.User(firstTurn, [new ImageRef(0)]),
            ChatMessage.Assistant("""{"thought": "I read the board.", "actions": [{"name": "OCR", "arguments": {"image": "image-0"}}]}"""),
            ChatMessage.User("OBSERVATION:\n{'text': 'Regular 3.49 9\\nSupreme 3,89 9\\nDiesel 4.05'}" + Taco.Agent.Protocol.TacoStrings.ObservationSuffix),
        ];
        var request = new ActionModelRequest(messages, images) { Actions = actions };
        var sources = GroundedNumbers.FromMessages(messages);

        async Task<(int Numbers, List<string> Ungrounded)> Sample(bool ground)
        {
            var numbers = 0;
            var ungrounded = new List<string>();
            for (var i = 0; i < 60; i++)
            {
                using var model = new VlmActionModel(vlm, new GenerationOptions { MaxNewTokens = 160, Temperature = 1, Seed = 2000 + i }, groundNumbers: ground);
                var reply = await model.NextAsync(request with { ConversationId = Guid.NewGuid() }, CancellationToken.None);
                var parsed = CotaParser.Parse(reply.Text);
                Assert.False(parsed.IsError, $"{parsed.ErrorMessage}: {reply.Text}");
                if (parsed.Action is not { } action)
                {
                    continue;
                }

                var value = action.Arguments.GetProperty(action.Name == "Calculate" ? "expression" : "answer").GetString()!;
                foreach (var digits in GroundedNumbers.WrittenNumbers(value).Where(d => d.Length >= 2))
                {
                    numbers++;
                    output.WriteLine($"{(ground ? "with" : "without")} the rule: {digits} in {action.Name}");
                    if (!sources.Allows(digits))
                    {
                        ungrounded.Add($"{digits} in {value}");
                    }
                }
            }

            return (numbers, ungrounded);
        }

        var grounded = await Sample(ground: true);
        var free = await Sample(ground: false);
        output.WriteLine($"numbers of 2+ digits in answers and expressions over 60 samples each: with the rule {grounded.Numbers} ({grounded.Ungrounded.Count} not from the conversation), without {free.Numbers} ({free.Ungrounded.Count} not)");
        output.WriteLine(string.Join("\n", free.Ungrounded.Take(5)));
        Assert.True(grounded.Numbers >= 2, $"only {grounded.Numbers} numbers to check");
        Assert.Empty(grounded.Ungrounded);
        Assert.True(free.Ungrounded.Count >= 5, $"without the rule only {free.Ungrounded.Count} of {free.Numbers} numbers were not grounded");
    }

    [Fact]
    public void The_vocabulary_trie_leaves_out_special_and_image_tokens()
    {
        using var vlm = VisionLanguageModel.Load(Model("tiny-idefics3"));
        var trie = VlmActionModel.BuildTrie(vlm);
        Assert.True(trie.BytesOf(vlm.Directory.ImageTokenId).IsEmpty);
        foreach (var eos in vlm.Directory.EosTokenIds)
        {
            Assert.True(trie.BytesOf(eos).IsEmpty);
        }

        Assert.True(trie.TokenCount > 256, $"{trie.TokenCount} tokens");
        Assert.Equal("{"u8.ToArray(), trie.BytesOf(vlm.Tokenizer.IdOf("{")!.Value).ToArray());
    }

    private static (ActionModelRequest Request, ImmutableHashSet<string> Offered) Request()
    {
        var registry = CliTools.CreateRegistry(Taco.Tools.Ocr.Tesseract.TesseractOcrEngine.Shared());
        var actions = ProtocolProfile.Taco.SelectTools(registry).Select(t => t.Descriptor).ToList();
        var images = new ImageStore([CliImages.Load(Board), CliImages.Load(Board)]);
        var firstTurn = ProtocolProfile.Taco.RenderFirstTurn(actions, images.Count, "How many gallons of supreme gasoline can I get with $50?");
        var request = new ActionModelRequest([ChatMessage.User(firstTurn, [new ImageRef(0), new ImageRef(1)])], images) { Actions = actions };
        return (request, [.. actions.Select(a => a.Name)]);
    }

    private static async Task<SampleResult> SampleAsync(VisionLanguageModel vlm, ActionModelRequest request, bool constrain)
    {
        var result = new SampleResult();
        var tokens = 0;
        for (var i = 0; i < Samples; i++)
        {
            using var model = new VlmActionModel(vlm, new GenerationOptions { MaxNewTokens = MaxNewTokens, Temperature = 1, Seed = 1000 + i }, constrain);
            var reply = await model.NextAsync(request with { ConversationId = Guid.NewGuid() }, CancellationToken.None);
            tokens += reply.GeneratedTokens ?? 0;
            result.Truncated += reply.Truncated ? 1 : 0;
            var parsed = CotaParser.Parse(reply.Text);
            if (parsed.IsError)
            {
                result.Failures.Add($"{parsed.ErrorMessage}: {reply.Text}");
                continue;
            }

            result.Replies.Add(parsed);
            var key = parsed.Action?.Name ?? "(none)";
            result.Actions[key] = result.Actions.GetValueOrDefault(key) + 1;
        }

        result.MeanTokens = tokens / (double)Samples;
        return result;
    }

    private sealed class SampleResult
    {
        public List<string> Failures { get; } = [];

        public List<CotaReply> Replies { get; } = [];

        public Dictionary<string, int> Actions { get; } = [];

        public int Truncated { get; set; }

        public double MeanTokens { get; set; }
    }
}
