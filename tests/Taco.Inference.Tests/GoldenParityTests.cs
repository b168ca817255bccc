using Taco.Inference.Generation;

namespace Taco.Inference.Tests;

/// <summary>The C# runtime against PyTorch: greedy ids exactly, first-step logits within 1e-4.</summary>
public sealed class GoldenParityTests
{
    private const float LogitTolerance = 1e-4f;

    public static TheoryData<string, string, string> SingleImageCases => new()
    {
        { "tiny-llava", "fp32", "single_image" },
        { "tiny-llava", "fp32", "single_image_small" },
        { "tiny-llava", "fp16", "single_image" },
        { "tiny-llava", "fp16", "single_image_small" },
        { "tiny-idefics3", "fp32", "single_image" },
        { "tiny-idefics3", "fp32", "single_image_no_split" },
        { "tiny-idefics3", "fp16", "single_image" },
        { "tiny-idefics3", "fp16", "single_image_no_split" },
    };

    public static TheoryData<string, string> MultiTurnCases => new()
    {
        { "tiny-llava", "fp32" },
        { "tiny-llava", "fp16" },
        { "tiny-idefics3", "fp32" },
        { "tiny-idefics3", "fp16" },
    };

    [Theory]
    [MemberData(nameof(SingleImageCases))]
    public void Single_image_generation_matches_pytorch(string name, string variant, string caseName)
    {
        var model = Models.Get(name, variant);
        var golden = Golden.Case(name, variant, caseName);
        using var conversation = model.CreateConversation();
        conversation.AppendTokens(Golden.Ids(golden["input_ids"]), [Golden.Pixels(model, name, variant, golden)]);

        var logits = conversation.Forward().ToArray();
        var expectedLogits = Golden.Tensor(name, variant, golden["first_step_logits"]!);
        Assert.True(Golden.MaxAbsDifference(logits, expectedLogits) <= LogitTolerance, $"max |Δlogit| = {Golden.MaxAbsDifference(logits, expectedLogits)}");

        var result = conversation.Generate(new GenerationOptions { MaxNewTokens = 32 });
        Assert.Equal(Golden.Ids(golden["generated_ids"]), result.TokenIds);
        Assert.Equal(Golden.Ids(golden["input_ids"]).Length, conversation.Steps[0].TokensProcessed);
        Assert.All(conversation.Steps.Skip(1), step => Assert.Equal(1, step.TokensProcessed));
    }

    [Theory]
    [MemberData(nameof(MultiTurnCases))]
    public void Multi_turn_with_a_second_image_matches_pytorch_and_prefills_only_new_tokens(string name, string variant)
    {
        var model = Models.Get(name, variant);
        var golden = Golden.Case(name, variant, "multi_turn");
        var turns = golden["turns"]!.AsArray();
        using var conversation = model.CreateConversation();
        for (var t = 0; t < turns.Count; t++)
        {
            var turn = turns[t]!;
            var newIds = Golden.Ids(turn["new_input_ids"]);
            var cachedBefore = conversation.CachedLength;
            var lengthBefore = conversation.Length;
            conversation.AppendTokens(newIds, [Golden.Pixels(model, name, variant, turn)]);
            var stepsBefore = conversation.Steps.Count;

            var logits = conversation.Forward().ToArray();
            var expected = Golden.Tensor(name, variant, turn["first_step_logits"]!);
            Assert.True(Golden.MaxAbsDifference(logits, expected) <= LogitTolerance, $"turn {t + 1}: max |Δlogit| = {Golden.MaxAbsDifference(logits, expected)}");

            // One decoder call over exactly the tokens not yet in the cache: the new ones, plus the last generated id after turn 1.
            Assert.Equal(stepsBefore + 1, conversation.Steps.Count);
            Assert.Equal(newIds.Length + (lengthBefore - cachedBefore), conversation.Steps[^1].TokensProcessed);
            Assert.Equal(t == 0 ? newIds.Length : newIds.Length + 1, conversation.Steps[^1].TokensProcessed);

            var result = conversation.Generate(new GenerationOptions { MaxNewTokens = 32 });
            Assert.Equal(Golden.Ids(turn["generated_ids"]), result.TokenIds);
        }

        Assert.Equal(Golden.Ids(golden["history_ids"]), conversation.TokenIds);
        Assert.Equal(conversation.Length - 1, conversation.CachedLength);
    }
}
