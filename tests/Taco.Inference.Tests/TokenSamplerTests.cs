using Taco.Inference.Generation;

namespace Taco.Inference.Tests;

/// <summary>The sampler's filters on hand-made logits whose softmax is known exactly.</summary>
public sealed class TokenSamplerTests
{
    // softmax = [0.1, 0.6, 0.3] at temperature 1.
    private static readonly float[] Logits = [MathF.Log(0.1f), MathF.Log(0.6f), MathF.Log(0.3f)];

    [Fact]
    public void Top_k_draws_only_from_the_k_best_in_proportion()
    {
        var counts = Draw(new GenerationOptions { Temperature = 1f, TopK = 2, Seed = 11 }, 3000);

        Assert.Equal(0, counts[0]);
        Assert.InRange(counts[1] / (double)counts[2], 1.8, 2.2);
    }

    [Fact]
    public void Top_p_keeps_the_smallest_set_reaching_p()
    {
        Assert.Equal([0, 3000, 0], Draw(new GenerationOptions { Temperature = 1f, TopP = 0.5f, Seed = 5 }, 3000));

        var counts = Draw(new GenerationOptions { Temperature = 1f, TopP = 0.85f, Seed = 5 }, 3000);
        Assert.Equal(0, counts[0]);
        Assert.True(counts[1] > 0 && counts[2] > 0);
    }

    [Fact]
    public void Unfiltered_sampling_follows_the_softmax()
    {
        var counts = Draw(new GenerationOptions { Temperature = 1f, Seed = 9 }, 10000);

        Assert.InRange(counts[0], 850, 1150);
        Assert.InRange(counts[1], 5750, 6250);
        Assert.InRange(counts[2], 2750, 3250);
    }

    [Fact]
    public void Greedy_takes_the_lowest_id_among_equal_best_logits()
    {
        var sampler = new TokenSampler(new GenerationOptions());

        Assert.Equal(1, sampler.Next(new float[] { 0f, 2f, 2f, -1f }, []));
    }

    [Fact]
    public void Every_token_masked_is_an_error_not_a_random_pick()
    {
        var sampler = new TokenSampler(new GenerationOptions { Temperature = 1f, Seed = 1 });
        var masked = new[] { float.NegativeInfinity, float.NegativeInfinity };

        Assert.Throws<InvalidOperationException>(() => sampler.Next(masked, []));
    }

    private static int[] Draw(GenerationOptions options, int times)
    {
        var sampler = new TokenSampler(options);
        var counts = new int[Logits.Length];
        for (var i = 0; i < times; i++)
        {
            counts[sampler.Next(Logits.ToArray(), [])]++;
        }

        return counts;
    }
}
