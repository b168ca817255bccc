using Taco.Agent.Models;

namespace Taco.Cli.Tests.Doubles;

/// <summary>
/// Test double for the VLM: replies with fixed CoTA texts in order. Stands in for the model,
/// which is not under test when the CLI replays or renders traces.
/// </summary>
internal sealed class ScriptedActionModelDouble(params string[] replies) : IActionModel
{
    private int _next;

    public ValueTask<ActionModelReply> NextAsync(ActionModelRequest request, CancellationToken cancellationToken)
    {
        var index = Interlocked.Increment(ref _next) - 1;
        if (index >= replies.Length)
        {
            throw new InvalidOperationException($"the script has {replies.Length} replies; reply {index + 1} was asked for");
        }

        return ValueTask.FromResult(new ActionModelReply(replies[index]) { PrefilledTokens = 10, GeneratedTokens = 5 });
    }
}
