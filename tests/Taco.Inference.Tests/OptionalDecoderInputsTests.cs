using Taco.Inference.Generation;
using Taco.Inference.Models;

namespace Taco.Inference.Tests;

/// <summary>
/// A decoder with onnx-community's optional inputs (<c>use_cache_branch</c>, <c>num_logits_to_keep</c>; built by
/// TestData/make_branch_decoder.py from tiny-llava's fp16 decoder): ONNX Runtime refuses a run that leaves a
/// graph input unfed, so matching the goldens shows both are filled, and the sliced logits are read right.
/// </summary>
public sealed class OptionalDecoderInputsTests : IDisposable
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "taco-inference-branch-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    [Fact]
    public void Decoder_with_use_cache_branch_and_num_logits_to_keep_matches_the_goldens()
    {
        var source = Golden.ModelDir("tiny-llava");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(_scratch, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        File.Copy(
            Path.Combine(AppContext.BaseDirectory, "TestData", "decoder_with_branch_inputs_fp16.onnx"),
            Path.Combine(_scratch, "onnx", "decoder_model_merged_fp16.onnx"),
            overwrite: true);
        using var model = VisionLanguageModel.Load(_scratch, new ModelLoadOptions { Dtype = ModelDtype.Fp16 });
        Assert.Contains(model.DecoderInputs, i => i.Name == "use_cache_branch");
        Assert.Contains(model.DecoderInputs, i => i.Name == "num_logits_to_keep");

        var golden = Golden.Case("tiny-llava", "fp16", "single_image");
        using var conversation = model.CreateConversation();
        conversation.AppendTokens(Golden.Ids(golden["input_ids"]), [Golden.Pixels(model, "tiny-llava", "fp16", golden)]);
        var logits = conversation.Forward().ToArray();
        var result = conversation.Generate(new GenerationOptions { MaxNewTokens = 32 });

        Assert.True(Golden.MaxAbsDifference(logits, Golden.Tensor("tiny-llava", "fp16", golden["first_step_logits"]!)) <= 1e-4f);
        Assert.Equal(Golden.Ids(golden["generated_ids"]), result.TokenIds);
    }
}
