namespace Taco.Agent.Models;

/// <summary>
/// Plays back model outputs recorded in a trace, in order, so a run can be repeated
/// without the model (<c>taco replay</c>). Running out means the replayed run went
/// further than the recorded one, which is reported as a model error.
/// </summary>
public sealed class RecordedActionModel : IActionModel
{
    private readonly IReadOnlyList<ActionModelReply> _outputs;
    private int _next;

    public RecordedActionModel(IEnumerable<string> outputs)
        : this((outputs ?? throw new ArgumentNullException(nameof(outputs))).Select(text => new ActionModelReply(text)))
    {
    }

    /// <summary>Plays back whole replies, so flags such as <see cref="ActionModelReply.ContextFull"/> replay too.</summary>
    public RecordedActionModel(IEnumerable<ActionModelReply> replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        _outputs = [.. replies];
    }

    public ValueTask<ActionModelReply> NextAsync(ActionModelRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var index = Interlocked.Increment(ref _next) - 1;
        if (index >= _outputs.Count)
        {
            throw new InvalidOperationException($"The trace holds {_outputs.Count} model outputs; the replay asked for output {index + 1}.");
        }

        return ValueTask.FromResult(_outputs[index]);
    }
}
