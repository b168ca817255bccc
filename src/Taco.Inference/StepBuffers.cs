using Taco.Onnx;

namespace Taco.Inference;

/// <summary>
/// A conversation's reusable step state, so a decode step allocates next to nothing: the single-token
/// <c>input_ids</c> and <c>position_ids</c> tensors, the <c>use_cache_branch</c> flag and <c>logits_to_keep</c>
/// tensors (created once over managed arrays that ONNX Runtime reads in place, so a step only writes a number
/// into each), the single-token embedding the embed graph writes in place and the decoder reads, an all-ones
/// attention mask that grows with the conversation, the logits buffer, the embed graph's binding and the decoder's prepared run (name arrays and
/// run options made once).
/// </summary>
internal sealed class StepBuffers : IDisposable
{
    private readonly OnnxRuntime _runtime;
    private readonly long[] _id = new long[1];
    private readonly long[] _position = new long[1];
    private readonly bool[] _cacheBranch = new bool[1];
    private long[] _mask = [];
    private float[] _logits = [];

    public StepBuffers(OnnxRuntime runtime, IoBinding embedBinding, NodeMetadata embedOutput, PreparedRun decoderRun, bool hasLogitsToKeep)
    {
        _runtime = runtime;
        Id = OrtValue.CreateTensor(runtime, _id, 1, 1);
        Position = OrtValue.CreateTensor(runtime, _position, 1, 1);
        CacheBranch = OrtValue.CreateTensor(runtime, _cacheBranch, 1);
        LogitsToKeep = hasLogitsToKeep ? OrtValue.CreateTensor(runtime, new long[] { 1 }.AsMemory(), ReadOnlySpan<long>.Empty) : null;

        // One token's embedding is [1, 1, hidden]; written in place when the graph says so (a fixed hidden width).
        EmbedBinding = embedBinding;
        if (embedOutput.Shape.Count == 3 && embedOutput.Shape[2] > 0)
        {
            Embeds = OrtValue.AllocateTensor(runtime, embedOutput.ElementType, [1, 1, embedOutput.Shape[2]]);
            EmbedBinding.BindInput("input_ids", Id);
            EmbedBinding.BindOutput(embedOutput.Name, Embeds);
        }

        DecoderRun = decoderRun;
        DecoderOutputs = new OrtValue?[decoderRun.OutputNames.Count];
    }

    /// <summary><c>input_ids</c> <c>[1, 1]</c>.</summary>
    public OrtValue Id { get; }

    /// <summary><c>position_ids</c> <c>[1, 1]</c>.</summary>
    public OrtValue Position { get; }

    /// <summary><c>use_cache_branch</c> <c>[1]</c>.</summary>
    public OrtValue CacheBranch { get; }

    /// <summary><c>logits_to_keep</c> (a scalar 1), when the decoder has that input.</summary>
    public OrtValue? LogitsToKeep { get; }

    /// <summary>The embedding of one token, <c>[1, 1, hidden]</c>, written by <see cref="EmbedBinding"/>; null when the width is not fixed.</summary>
    public OrtValue? Embeds { get; }

    /// <summary>The embed graph from <see cref="Id"/> to <see cref="Embeds"/> (bound only when there are <see cref="Embeds"/>); a run allocates nothing.</summary>
    public IoBinding EmbedBinding { get; }

    /// <summary>The decoder over its inputs in <see cref="VisionLanguageModel"/>'s order.</summary>
    public PreparedRun DecoderRun { get; }

    /// <summary>Output slots of <see cref="DecoderRun"/>, all null between steps.</summary>
    public OrtValue?[] DecoderOutputs { get; }

    public RunClock Clock { get; } = new();

    public OrtValue SetId(int id)
    {
        _id[0] = id;
        return Id;
    }

    public OrtValue SetPosition(long position)
    {
        _position[0] = position;
        return Position;
    }

    public OrtValue SetCacheBranch(bool value)
    {
        _cacheBranch[0] = value;
        return CacheBranch;
    }

    /// <summary>An all-ones <c>attention_mask</c> <c>[1, total]</c> over a buffer kept across steps; the caller disposes the tensor.</summary>
    public OrtValue Mask(int total)
    {
        if (_mask.Length < total)
        {
            _mask = new long[Math.Max(total, Math.Max(256, _mask.Length * 2))];
            Array.Fill(_mask, 1L);
        }

        return OrtValue.CreateTensor(_runtime, _mask.AsMemory(0, total), [1, total]);
    }

    /// <summary>The logits buffer, <paramref name="vocab"/> long, reused by every step.</summary>
    public float[] Logits(int vocab)
    {
        if (_logits.Length != vocab)
        {
            _logits = new float[vocab];
        }

        return _logits;
    }

    public void Dispose()
    {
        Id.Dispose();
        Position.Dispose();
        CacheBranch.Dispose();
        LogitsToKeep?.Dispose();
        Embeds?.Dispose();
        EmbedBinding.Dispose();
        DecoderRun.Dispose();
    }
}
