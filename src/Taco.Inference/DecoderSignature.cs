using Taco.Inference.Models;
using Taco.Onnx;

namespace Taco.Inference;

/// <summary>
/// What the merged decoder graph takes and returns, read from its metadata once: which optional inputs it
/// has (<c>position_ids</c>, <c>use_cache_branch</c>, <c>num_logits_to_keep</c>), the past inputs and the
/// presents that feed them.
/// </summary>
internal sealed class DecoderSignature
{
    private const string PastPrefix = "past_key_values.";

    public DecoderSignature(IReadOnlyList<NodeMetadata> decoderInputs, IReadOnlyList<NodeMetadata> decoderOutputs, string file)
    {
        var inputs = decoderInputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
        EmbedsInput = inputs.GetValueOrDefault("inputs_embeds")
            ?? throw new ModelLoadException($"{file} has no \"inputs_embeds\" input; inputs: {string.Join(", ", inputs.Keys)}.");
        HasAttentionMask = inputs.ContainsKey("attention_mask");
        if (inputs.TryGetValue("position_ids", out var positions))
        {
            if (positions.Shape.Count != 2)
            {
                // Qwen2-VL's 3-D (temporal, height, width) positions: a different position builder, not written yet.
                throw new ModelLoadException($"{file}: position_ids of rank {positions.Shape.Count} (multimodal RoPE) is not supported yet.");
            }

            HasPositionIds = true;
        }

        HasUseCacheBranch = inputs.ContainsKey("use_cache_branch");
        NumLogitsToKeep = inputs.ContainsKey("num_logits_to_keep") ? "num_logits_to_keep" : inputs.ContainsKey("logits_to_keep") ? "logits_to_keep" : null;
        PastInputs = [.. decoderInputs.Where(i => i.Name.StartsWith(PastPrefix, StringComparison.Ordinal))];
        if (PastInputs.Count == 0)
        {
            throw new ModelLoadException($"{file} has no past_key_values.* inputs; a merged decoder with a KV cache is needed.");
        }

        var known = new HashSet<string>(["inputs_embeds", "attention_mask", "position_ids", "use_cache_branch", "num_logits_to_keep", "logits_to_keep"], StringComparer.Ordinal);
        var unknown = decoderInputs.Where(i => !known.Contains(i.Name) && !i.Name.StartsWith(PastPrefix, StringComparison.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new ModelLoadException($"{file} has inputs this runtime does not know how to fill: {string.Join(", ", unknown)}.");
        }

        var outputs = decoderOutputs.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        PresentOutputs = [.. PastInputs.Select(p => "present." + p.Name[PastPrefix.Length..])];
        foreach (var present in PresentOutputs.Where(p => !outputs.Contains(p)))
        {
            throw new ModelLoadException($"{file} has no output \"{present}\" to feed back into its past input.");
        }

        if (!outputs.Contains("logits"))
        {
            throw new ModelLoadException($"{file} has no \"logits\" output.");
        }

        OutputNames = ["logits", .. PresentOutputs];
    }

    public NodeMetadata EmbedsInput { get; }

    public bool HasAttentionMask { get; }

    public bool HasPositionIds { get; }

    public bool HasUseCacheBranch { get; }

    /// <summary>The name of the logits-to-keep input, when the graph has one.</summary>
    public string? NumLogitsToKeep { get; }

    public IReadOnlyList<NodeMetadata> PastInputs { get; }

    public IReadOnlyList<string> PresentOutputs { get; }

    /// <summary><c>logits</c> then the presents, in past-input order.</summary>
    public string[] OutputNames { get; }
}
