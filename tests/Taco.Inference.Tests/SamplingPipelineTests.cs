using Taco.Inference.Generation;

namespace Taco.Inference.Tests;

/// <summary>The sampling pipeline's stages in order, on the tiny LLaVA model's vocabulary and hand-made logits.</summary>
public sealed class SamplingPipelineTests
{
    [Fact]
    public void The_constraint_masks_first_then_the_image_placeholder_then_the_sampler_picks_and_the_constraint_is_told()
    {
        var model = Models.Get("tiny-llava", "fp32");
        var image = model.Directory.ImageTokenId;
        var logits = Logits();
        var constraint = new ForcedSequenceConstraint([101]);
        var pipeline = SamplingPipeline.For(new GenerationOptions { Constraint = constraint }, model);

        var token = pipeline.Choose(logits, [], remaining: 7);

        Assert.Equal(101, token);
        Assert.Equal(["mask 7", "accept"], constraint.Calls);
        Assert.Equal(float.NegativeInfinity, logits[image]);
        Assert.Equal(StopReason.ConstraintComplete, pipeline.Accept(token).Stop);

        var free = SamplingPipeline.For(new GenerationOptions(), model);
        Assert.Equal(104, free.Choose(Logits(), [], remaining: 1));

        float[] Logits()
        {
            var values = new float[model.Tokenizer.VocabularySize];
            values[image] = 9f;
            values[104] = 5f;
            values[101] = 3f;
            return values;
        }
    }

    [Fact]
    public void A_stop_string_split_over_tokens_ends_on_the_token_completing_it_and_end_of_sequence_wins_over_it()
    {
        var model = Models.Get("tiny-llava", "fp32");
        var ids = model.Tokenizer.Encode("ab```\ncd", addSpecialTokens: false);
        var eos = model.Directory.EosTokenIds[0];
        var pipeline = SamplingPipeline.For(new GenerationOptions { StopStrings = ["```\n"] }, model);

        var stops = ids.Select(id => pipeline.Accept(id).Stop).ToList();
        var completing = Enumerable.Range(1, ids.Length).First(n => model.Tokenizer.Decode(ids[..n]).Contains("```\n", StringComparison.Ordinal)) - 1;

        Assert.DoesNotContain(ids, id => model.Tokenizer.Decode([id]).Contains("```\n", StringComparison.Ordinal));
        Assert.Equal(StopReason.StopString, stops[completing]);
        Assert.All(stops.Take(completing), s => Assert.Null(s));
        Assert.Equal(StopReason.EndOfSequence, pipeline.Accept(eos).Stop);
        Assert.Null(SamplingPipeline.For(new GenerationOptions(), model).Accept(ids[0]).Stop);
    }
}
