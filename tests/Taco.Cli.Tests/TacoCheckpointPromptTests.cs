using Taco.Cli.Infrastructure;
using Taco.Inference.Models;
using Taco.Tokenizers;

namespace Taco.Cli.Tests;

/// <summary>
/// The taco profile's flattened transcript through the chat templates of the two TACO families, from checkpoint-shaped
/// fixtures (<c>Fixtures/checkpoints/make_checkpoints.py</c>: config as the released checkpoint has it, a small real
/// tokenizer, a template rendering what the reference runtime builds). The expected texts are written here from the
/// reference's code: Mantis' <c>conv_llama_3</c>, <c>chat_mllava</c> and <c>MLlavaProcessor</c> for the Llama-3 checkpoints,
/// <c>preprocess_qwen</c> of the TACO repository's <c>llava_agent.py</c> for the LLaVA-OneVision one.
/// </summary>
public sealed class TacoCheckpointPromptTests
{
    private const string Question = "What does diesel cost?";

    private const string TaskPrompt = "[BEGIN OF GOAL] You are a helpful assistant, and your goal is to solve the # USER REQUEST #. You can either rely on your own capabilities or perform actions with external tools to help you. You can use these actions: OCR, Calculate, Terminate [END OF GOAL]";

    private static string Board => Path.Combine(AppContext.BaseDirectory, "Fixtures", "price-board.png");

    private static string Checkpoint(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "checkpoints", name);

    /// <summary>
    /// The reference's flattening (llava_agent.py <c>_image_reply</c>): system message and ⏎, <c>###Human: </c> + the
    /// request (taco/prompt.py: ⏎# USER REQUEST #:⏎ + query + ⏎Now please generate your response:⏎, the query being
    /// taco/data.py's image lines, the question and ⏎) + ⏎, then ⏎###Assistant: .
    /// </summary>
    private static string Transcript(params string[] imageLines) =>
        TaskPrompt + "\n###Human: \n# USER REQUEST #:\n" + string.Concat(imageLines.Select(l => l + "\n")) + Question + "\n\nNow please generate your response:\n\n\n###Assistant: ";

    [Fact]
    public void Mantis_llama3_checkpoint_gets_the_transcript_in_the_user_turn_of_conv_llama_3()
    {
        var dir = Checkpoint("mantis-llama3-taco");
        var (code, output, error) = CliRunner.InProcess("ask", Board, Board, Question, "--model", dir, "--print-prompt", "--tools", "OCR,Calculate");
        Assert.True(code == ExitCodes.Success, $"exit {code}: {error}");

        // conv_llama_3.get_prompt(): system (its own header and the LLaVA system text) + <|eot_id|>, the user turn, the
        // open assistant turn; MLlavaProcessor writes the n-th <image> as "(image n: <Image><image></Image>)"; the
        // Llama-3 tokenizer puts <|begin_of_text|> in front.
        var expected =
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
            + "A chat between a curious human and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the human's questions.<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\n"
            + Transcript("image-0: (image 1: <Image><image></Image>)", "image-1: (image 2: <Image><image></Image>)")
            + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";
        Assert.Equal(expected, output);

        AssertSpecialTokensAreSingleIds(dir, output, ["<|begin_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"], images: 2);
    }

    [Fact]
    public void Llava_onevision_qwen2_checkpoint_gets_the_transcript_in_the_qwen_user_turn_after_the_default_system()
    {
        var dir = Checkpoint("qwen2-llava-ov-taco");
        var (code, output, error) = CliRunner.InProcess("ask", Board, Question, "--model", dir, "--print-prompt", "--tools", "OCR,Calculate");
        Assert.True(code == ExitCodes.Success, $"exit {code}: {error}");

        // preprocess_qwen: <|im_start|>system⏎ + "You are a helpful assistant." + <|im_end|>⏎, <|im_start|>user⏎ + the
        // text with each <image> followed by ⏎ (IMAGE_TOKEN_INDEX + nl_tokens) + <|im_end|>⏎, then <|im_start|>assistant⏎.
        var expected =
            "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
            + "<|im_start|>user\n"
            + Transcript("image-0: <image>\n")
            + "<|im_end|>\n<|im_start|>assistant\n";
        Assert.Equal(expected, output);

        AssertSpecialTokensAreSingleIds(dir, output, ["<|im_start|>", "<|im_end|>"], images: 1);
    }

    [Theory]
    [InlineData("mantis-llama3-taco", "Salesforce/llama3-siglip-mantis-taco-8b")]
    [InlineData("qwen2-llava-ov-taco", "Salesforce/qwen2-siglip-llava-ov-taco-7b")]
    public void Both_checkpoints_are_recognised_as_taco_by_their_recorded_name(string name, string source)
    {
        var choice = ModelProfile.For(ModelDirectory.Open(Checkpoint(name)));
        Assert.Equal("taco", choice.Profile.Name);
        Assert.Equal("a TACO checkpoint: config.json's _name_or_path is " + source, choice.Reason);
    }

    /// <summary>The template's markers reach the model as the tokenizer's special ids, one each, and one image token per image.</summary>
    private static void AssertSpecialTokensAreSingleIds(string dir, string prompt, string[] specials, int images)
    {
        var tokenizer = Tokenizer.FromDirectory(dir);
        var ids = tokenizer.Encode(prompt, addSpecialTokens: false);
        foreach (var special in specials)
        {
            var id = Assert.Single(tokenizer.Encode(special, addSpecialTokens: false));
            Assert.True(id >= 256, $"{special} is an added token");
            Assert.Equal(prompt.Split(special).Length - 1, ids.Count(i => i == id));
        }

        var imageId = ModelDirectory.Open(dir).ImageTokenId;
        Assert.Equal(images, ids.Count(i => i == imageId));
        Assert.Equal(prompt, tokenizer.Decode(ids, skipSpecialTokens: false));
    }
}
