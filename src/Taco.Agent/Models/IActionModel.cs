namespace Taco.Agent.Models;

/// <summary>
/// A model that writes the next CoTA turn. The agent knows nothing else about it: the
/// ONNX-backed VLM, an HTTP endpoint or a test double all sit behind this interface.
/// Implementations must honour <paramref name="cancellationToken"/> promptly (the agent
/// stops a running step on Ctrl-C and on its time budget).
/// </summary>
public interface IActionModel
{
    ValueTask<ActionModelReply> NextAsync(ActionModelRequest request, CancellationToken cancellationToken);
}
