using Taco.Onnx;

namespace Taco.Inference;

/// <summary>
/// Single-token input tensors reused across decode steps. Creating a tensor costs several microseconds
/// (pinning plus native calls), a noticeable share of a small model's step; these are created once over
/// managed arrays (ONNX Runtime reads the arrays in place), so a step only writes one number into each.
/// </summary>
internal sealed class StepBuffers : IDisposable
{
    private readonly long[] _id = new long[1];
    private readonly long[] _position = new long[1];

    public StepBuffers(OnnxRuntime runtime)
    {
        Id = OrtValue.CreateTensor(runtime, _id, 1, 1);
        Position = OrtValue.CreateTensor(runtime, _position, 1, 1);
    }

    /// <summary><c>input_ids</c> <c>[1, 1]</c>.</summary>
    public OrtValue Id { get; }

    /// <summary><c>position_ids</c> <c>[1, 1]</c>.</summary>
    public OrtValue Position { get; }

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

    public void Dispose()
    {
        Id.Dispose();
        Position.Dispose();
    }
}
