using Taco.Agent.Models;

namespace Taco.Agent.Tests.Doubles;

/// <summary>
/// Test double for the VLM: replays fixed assistant turns in order and records every
/// request it was given. The loop, parser and tools under test are real; only the
/// model's choice of words is scripted.
/// </summary>
internal sealed class ScriptedActionModel(params string[] replies) : IConversationalActionModel
{
    private readonly Queue<string> _replies = new(replies);

    public List<ActionModelRequest> Requests { get; } = [];

    public List<Guid> EndedConversations { get; } = [];

    /// <summary>Delay before each reply (honours cancellation, as a real model's run options would).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>When set, the model fails with this exception instead of replying.</summary>
    public Exception? Failure { get; init; }

    /// <summary>When true, the last reply repeats forever once the script runs out.</summary>
    public bool RepeatLast { get; init; }

    private string? _last;

    public async ValueTask<ActionModelReply> NextAsync(ActionModelRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        if (Failure is not null)
        {
            throw Failure;
        }

        if (_replies.TryDequeue(out var next))
        {
            _last = next;
        }
        else if (!RepeatLast || _last is null)
        {
            throw new InvalidOperationException("The scripted model ran out of replies.");
        }

        return new ActionModelReply(_last!) { GeneratedTokens = _last!.Length / 4, PrefilledTokens = request.Messages[^1].Text.Length / 4 };
    }

    public ValueTask EndConversationAsync(Guid conversationId)
    {
        EndedConversations.Add(conversationId);
        return ValueTask.CompletedTask;
    }
}
