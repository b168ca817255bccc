using Taco.Inference.Generation;

namespace Taco.Inference.Tests;

/// <summary>Sampling, stops, streaming, cancellation, rewinding and the constraint hook on the tiny LLaVA model.</summary>
public sealed class GenerationTests
{
    private const string Name = "tiny-llava";
    private const string Variant = "fp32";

    [Fact]
    public void Same_seed_gives_the_same_sample_and_different_seeds_vary()
    {
        var options = new GenerationOptions { Temperature = 1.5f, TopK = 50, TopP = 0.95f, MaxNewTokens = 12 };
        var first = Generate(options with { Seed = 7 });
        var again = Generate(options with { Seed = 7 });
        var others = Enumerable.Range(100, 4).Select(seed => Generate(options with { Seed = seed })).ToList();

        Assert.Equal(first.TokenIds, again.TokenIds);
        Assert.Contains(others, o => !o.TokenIds.SequenceEqual(first.TokenIds));
    }

    [Fact]
    public void Top_k_of_one_samples_the_greedy_continuation()
    {
        var golden = Golden.Case(Name, Variant, "single_image");

        var result = Generate(new GenerationOptions { Temperature = 0.8f, TopK = 1, Seed = 3, MaxNewTokens = 32 });

        Assert.Equal(Golden.Ids(golden["generated_ids"]), result.TokenIds);
    }

    [Fact]
    public void Repetition_penalty_changes_the_first_choice_as_the_penalised_reference_logits_say()
    {
        var golden = Golden.Case(Name, Variant, "single_image");
        var logits = Golden.Tensor(Name, Variant, golden["first_step_logits"]!);
        foreach (var id in Golden.Ids(golden["input_ids"]).Distinct())
        {
            logits[id] = logits[id] > 0 ? logits[id] / 3f : logits[id] * 3f;
        }

        var expected = Array.IndexOf(logits, logits.Max());

        var result = Generate(new GenerationOptions { RepetitionPenalty = 3f, MaxNewTokens = 1 });

        Assert.Equal(expected, result.TokenIds[0]);
    }

    [Fact]
    public void Max_new_tokens_bounds_the_reply()
    {
        var result = Generate(new GenerationOptions { MaxNewTokens = 5 });

        Assert.Equal(5, result.TokenIds.Count);
        Assert.Equal(StopReason.MaxNewTokens, result.StopReason);
    }

    [Fact]
    public void End_of_sequence_id_from_generation_config_stops_the_reply()
    {
        var golden = Golden.Case(Name, Variant, "multi_turn");
        var turn = golden["turns"]![0]!;
        var model = Models.Get(Name, Variant);
        using var conversation = model.CreateConversation();
        conversation.AppendTokens(Golden.Ids(turn["new_input_ids"]), [Golden.Pixels(model, Name, Variant, turn)]);

        var result = conversation.Generate(new GenerationOptions { MaxNewTokens = 32 });

        Assert.Equal(StopReason.EndOfSequence, result.StopReason);
        Assert.Equal(561, result.TokenIds[^1]);
        Assert.Equal(26, result.TokenIds.Count);
    }

    [Fact]
    public void Stop_string_ends_the_reply_once_it_appears()
    {
        var full = Generate(new GenerationOptions { MaxNewTokens = 32 });
        var stop = full.Text.Substring(full.Text.Length / 3, 3);

        var stopped = Generate(new GenerationOptions { MaxNewTokens = 32, StopStrings = [stop] });

        Assert.Equal(StopReason.StopString, stopped.StopReason);
        Assert.Contains(stop, stopped.Text, StringComparison.Ordinal);
        Assert.True(stopped.TokenIds.Count < full.TokenIds.Count);
        Assert.Equal(full.TokenIds.Take(stopped.TokenIds.Count), stopped.TokenIds);
    }

    [Fact]
    public void Constraint_masks_before_each_choice_knowing_the_tokens_left_and_is_told_each_token()
    {
        int[] script = [104, 101, 108, 108, 111];
        var constraint = new ForcedSequenceConstraint(script);

        var result = Generate(new GenerationOptions { Constraint = constraint, MaxNewTokens = 32 });

        Assert.Equal(script, result.TokenIds);
        Assert.Equal(StopReason.ConstraintComplete, result.StopReason);
        Assert.Equal(Enumerable.Range(0, script.Length).SelectMany(i => new[] { $"mask {32 - i}", "accept" }), constraint.Calls);
    }

    [Fact]
    public void Allowed_tokens_constraint_keeps_every_sampled_token_inside_the_set()
    {
        var model = Models.Get(Name, Variant);
        var digits = Enumerable.Range(0, 10).Select(d => model.Tokenizer.Encode(d.ToString(System.Globalization.CultureInfo.InvariantCulture), addSpecialTokens: false).Single()).ToArray();

        var result = Generate(new GenerationOptions { Constraint = new AllowedTokensConstraint(digits, maxTokens: 8), Temperature = 1f, Seed = 1, MaxNewTokens = 32 });

        Assert.Equal(8, result.TokenIds.Count);
        Assert.All(result.TokenIds, id => Assert.Contains(id, digits));
        Assert.All(result.Text, c => Assert.True(char.IsAsciiDigit(c)));
    }

    [Fact]
    public async Task Streamed_deltas_concatenate_to_the_decoded_reply()
    {
        var model = Models.Get(Name, Variant);
        using var conversation = NewConversation();
        var deltas = new List<string>();

        await foreach (var delta in conversation.GenerateStreamingAsync(new GenerationOptions { MaxNewTokens = 32 }))
        {
            deltas.Add(delta);
        }

        var result = conversation.LastResult!;
        Assert.True(deltas.Count > 1);
        Assert.Equal(result.Text, string.Concat(deltas));
        Assert.Equal(model.Tokenizer.Decode(result.TokenIds, skipSpecialTokens: true), result.Text);
        Assert.Equal(Golden.Ids(Golden.Case(Name, Variant, "single_image")["generated_ids"]), result.TokenIds);
    }

    [Fact]
    public async Task Cancellation_stops_streaming_and_the_conversation_stays_usable()
    {
        using var conversation = NewConversation();
        using var cancel = new CancellationTokenSource();
        var received = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var delta in conversation.GenerateStreamingAsync(new GenerationOptions { MaxNewTokens = 32 }, cancel.Token))
            {
                received++;
                await cancel.CancelAsync();
            }
        });

        Assert.Equal(1, received);
        var lengthAfterCancel = conversation.Length;
        var rest = conversation.Generate(new GenerationOptions { MaxNewTokens = 3 });
        Assert.Equal(lengthAfterCancel + 3, conversation.Length);
        Assert.Equal(3, rest.TokenIds.Count);
    }

    [Fact]
    public void Cancelling_during_a_long_prefill_leaves_the_conversation_consistent()
    {
        var model = Models.Get(Name, Variant);
        using var conversation = model.CreateConversation();
        var text = model.Tokenizer.Encode(string.Concat(Enumerable.Repeat("The quick brown fox jumps over the lazy dog. ", 200)), addSpecialTokens: false);
        conversation.AppendTokens(text.Take(1900).ToArray());
        using var cancel = new CancellationTokenSource();
        var runs = 0;
        // The gate: the prefill's first ONNX Runtime call (the embedding) has run; cancel before the decoder's.
        conversation.Clock.BeforeRun = () =>
        {
            if (++runs == 2)
            {
                cancel.Cancel();
            }
        };

        Assert.ThrowsAny<OperationCanceledException>(() => conversation.Forward(cancel.Token));
        conversation.Clock.BeforeRun = null;

        Assert.Equal(2, runs);
        Assert.Equal(0, conversation.CachedLength);
        Assert.Equal(1900, conversation.Length);
        var logits = conversation.Forward().ToArray();
        Assert.All(logits, l => Assert.True(float.IsFinite(l)));
        Assert.Equal(1900, conversation.Steps[^1].TokensProcessed);
    }

    [Fact]
    public void Already_cancelled_token_throws_before_any_work()
    {
        using var conversation = NewConversation();

        Assert.ThrowsAny<OperationCanceledException>(() => conversation.Generate(cancellationToken: new CancellationToken(canceled: true)));
        Assert.Empty(conversation.Steps);
    }

    [Fact]
    public void Rewinding_to_the_prompt_regenerates_the_same_reply_reprocessing_one_token()
    {
        var golden = Golden.Case(Name, Variant, "single_image");
        using var conversation = NewConversation();
        var promptLength = conversation.Length;
        var first = conversation.Generate(new GenerationOptions { MaxNewTokens = 32 });
        var steps = conversation.Steps.Count;

        conversation.Rewind(promptLength);
        var second = conversation.Generate(new GenerationOptions { MaxNewTokens = 32 });

        Assert.Equal(Golden.Ids(golden["generated_ids"]), first.TokenIds);
        Assert.Equal(first.TokenIds, second.TokenIds);
        Assert.Equal(1, conversation.Steps[steps].TokensProcessed);
        Assert.Equal(promptLength - 1, conversation.Steps[steps].PastLength);
    }

    [Fact]
    public void Rewinding_to_the_start_empties_the_cache_and_the_conversation_starts_over()
    {
        var model = Models.Get(Name, "fp16");
        var golden = Golden.Case(Name, "fp16", "single_image");
        using var conversation = model.CreateConversation();
        conversation.AppendTokens(Golden.Ids(golden["input_ids"]), [Golden.Pixels(model, Name, "fp16", golden)]);
        conversation.Generate(new GenerationOptions { MaxNewTokens = 4 });

        conversation.Rewind(0);
        Assert.Equal(0, conversation.Length);
        Assert.Equal(0, conversation.CachedLength);
        conversation.AppendTokens(Golden.Ids(golden["input_ids"]), [Golden.Pixels(model, Name, "fp16", golden)]);
        var result = conversation.Generate(new GenerationOptions { MaxNewTokens = 32 });

        Assert.Equal(Golden.Ids(golden["generated_ids"]), result.TokenIds);
    }

    [Fact]
    public void Rewinding_into_an_image_is_refused()
    {
        using var conversation = NewConversation();
        var imageToken = Models.Get(Name, Variant).Directory.ImageTokenId;
        var inside = conversation.TokenIds.ToList().IndexOf(imageToken) + 1;

        var error = Assert.Throws<ArgumentException>(() => conversation.Rewind(inside));

        Assert.Contains("inside an image", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_tokens_without_an_image_are_a_clear_error()
    {
        var model = Models.Get(Name, Variant);
        using var conversation = model.CreateConversation();

        var error = Assert.Throws<ArgumentException>(() => conversation.AppendTokens([1, 2, model.Directory.ImageTokenId, 3]));

        Assert.Contains("1 image token(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Placeholders_and_images_must_pair_up()
    {
        using var conversation = Models.Get(Name, Variant).CreateConversation();

        var error = Assert.Throws<ArgumentException>(() => conversation.AppendText("<image> and <image>", images: Array.Empty<Preprocessing.ProcessedImage>()));

        Assert.Contains("2 <image> placeholder(s) but 0 image(s)", error.Message, StringComparison.Ordinal);
    }

    private static Conversation NewConversation()
    {
        var model = Models.Get(Name, Variant);
        var golden = Golden.Case(Name, Variant, "single_image");
        var conversation = model.CreateConversation();
        conversation.AppendTokens(Golden.Ids(golden["input_ids"]), [Golden.Pixels(model, Name, Variant, golden)]);
        return conversation;
    }

    private static GenerationResult Generate(GenerationOptions options)
    {
        using var conversation = NewConversation();
        return conversation.Generate(options);
    }
}
