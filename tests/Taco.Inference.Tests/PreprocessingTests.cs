using Taco.Imaging;
using Taco.Inference.Models;
using Taco.Inference.Preprocessing;
using Taco.Tokenizers.ChatTemplates;

namespace Taco.Inference.Tests;

/// <summary>
/// Preprocessing and prompt expansion against the goldens: shapes, frame counts, tile grids and token ids
/// exactly; pixel values from the PNG against the Python processor's (PIL resampling) within a rounding level;
/// and greedy generation from the PNG's own pixels equal to the PyTorch golden's tokens.
/// </summary>
public sealed class PreprocessingTests(Xunit.Abstractions.ITestOutputHelper output)
{
    // One 8-bit level after normalisation: 1/255 divided by the smallest std (CLIP's 0.2613; Idefics3's 0.5).
    private const double OneLevel = 1.0 / 255 / 0.26;
    public static TheoryData<string, string> Cases => new()
    {
        { "tiny-llava", "single_image" },
        { "tiny-llava", "single_image_small" },
        { "tiny-idefics3", "single_image" },
        { "tiny-idefics3", "single_image_no_split" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Preprocessing_matches_the_reference_shapes_and_values_within_resampler_tolerance(string name, string caseName)
    {
        var golden = Golden.Case(name, "fp32", caseName);
        var processor = Processor(name, golden);
        var image = ImageDecoder.Decode(Golden.ImagePath(golden["images"]![0]!.GetValue<string>()));

        var processed = processor.Process(image);

        Assert.Equal(Golden.Shape(golden["pixel_values"]!), processed.Shape);
        Assert.Equal(golden["rows"]?.GetValue<int>() ?? 0, processed.Rows);
        Assert.Equal(golden["cols"]?.GetValue<int>() ?? 0, processed.Cols);
        Assert.Equal(golden["image_token_count"]!.GetValue<int>(), processed.ImageTokenCount);
        var expected = Golden.Tensor(name, "fp32", golden["pixel_values"]!);
        var actual = processed.PixelValues.Span;
        var meanAbs = 0.0;
        var maxAbs = 0.0;
        var off = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = Math.Abs(expected[i] - actual[i]);
            meanAbs += d;
            maxAbs = Math.Max(maxAbs, d);
            off += d > 1e-5 ? 1 : 0;
        }

        meanAbs /= expected.Length;
        output.WriteLine($"{name}/{caseName}: max |Δ| {maxAbs:G3}, mean |Δ| {meanAbs:G3}, {off} of {expected.Length} values differ");
        Assert.True(maxAbs <= OneLevel * 1.01, $"max |Δ| = {maxAbs} (mean {meanAbs}, {off} of {expected.Length} differ)");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Greedy_generation_from_the_png_gives_the_pytorch_goldens_tokens(string name, string caseName)
    {
        var golden = Golden.Case(name, "fp32", caseName);
        var model = Models.Get(name, "fp32");
        var image = Processor(name, golden).Process(ImageDecoder.Decode(Golden.ImagePath(golden["images"]![0]!.GetValue<string>())));
        using var conversation = model.CreateConversation();
        conversation.AppendTokens(Golden.Ids(golden["input_ids"]), [image]);
        var result = conversation.Generate(new Taco.Inference.Generation.GenerationOptions { MaxNewTokens = 32 });
        Assert.Equal(Golden.Ids(golden["generated_ids"]), result.TokenIds);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Chat_prompt_with_an_image_tokenizes_to_the_reference_input_ids(string name, string caseName)
    {
        var golden = Golden.Case(name, "fp32", caseName);
        var model = Models.Get(name, "fp32");
        var processor = Processor(name, golden);
        var messages = new object[]
        {
            ChatTemplateMessage.FromParts("user", ChatContentPart.Image(), ChatContentPart.FromText(golden["messages"]![0]!["content"]![1]!["text"]!.GetValue<string>())),
        };
        var prompt = model.Tokenizer.ApplyChatTemplate(messages, addGenerationPrompt: true);
        Assert.Equal(golden["prompt"]!.GetValue<string>(), prompt);

        var image = processor.Process(ImageDecoder.Decode(Golden.ImagePath(golden["images"]![0]!.GetValue<string>())));
        Assert.Equal(golden["expanded_prompt"]!.GetValue<string>(), prompt.Replace("<image>", processor.ExpandPlaceholder(image), StringComparison.Ordinal));

        using var conversation = model.CreateConversation();
        conversation.AppendText(prompt, [image]);
        Assert.Equal(Golden.Ids(golden["input_ids"]), conversation.TokenIds);

        // Our own pixels through the vision encoder: as many feature rows as image tokens, one prefill call.
        var logits = conversation.Forward().ToArray();
        Assert.Equal(model.Directory.VocabSize, logits.Length);
        Assert.All(logits, l => Assert.True(float.IsFinite(l)));
        Assert.Equal(conversation.Length, Assert.Single(conversation.Steps).TokensProcessed);
    }

    [Fact]
    public void Idefics3_grid_follows_the_longest_edge_then_tile_multiples()
    {
        var processor = new Idefics3ImageProcessor(ModelDirectory.Open(Golden.ModelDir("tiny-idefics3")));
        // scene_a 60×40 → 96×64 → 3 × 2 tiles of 32 (README example).
        Assert.Equal((96, 64), processor.LongestEdgeSize(60, 40));
        Assert.Equal((96, 64), processor.GridSize(96, 64));
        // Odd short edge rounds up to even; a portrait image swaps the roles.
        Assert.Equal((96, 32), processor.LongestEdgeSize(97, 33));
        Assert.Equal((50, 96), processor.LongestEdgeSize(40, 77));
        Assert.Equal((64, 96), processor.GridSize(50, 96));
    }

    private static IImageProcessor Processor(string name, System.Text.Json.Nodes.JsonObject golden)
    {
        var directory = ModelDirectory.Open(Golden.ModelDir(name));
        return directory.Family == ModelFamily.Llava
            ? new LlavaImageProcessor(directory)
            : new Idefics3ImageProcessor(directory) { DoImageSplitting = golden["do_image_splitting"]?.GetValue<bool>() ?? true };
    }
}
