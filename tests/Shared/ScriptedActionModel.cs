using Taco.Agent.Models;

namespace Taco.Tests.Shared;

/// <summary>
/// Test double for the VLM, shared by the Agent and CLI tests: replays fixed assistant turns in order and records every
/// request it was given. The loop, parser and tools under test are real; only the
/// model's choice of words is scripted.
/// </summary>
internal sealed class ScriptedActionModel(params string[] replies) : IConversationalActionModel
{
    private readonly Queue<string> _replies = new(replies);

    public List<ActionModelRequest> Requests { get; } = [];

    public List<Guid> EndedConversations { get; } = [];

    /// <summary>
    /// When set, each reply waits for this task (honouring cancellation, as a real model's run options would);
    /// a test holds it open to keep the model busy for as long as the test needs, with no timer involved.
    /// </summary>
    public Task? Gate { get; init; }

    /// <summary>Completes when the model has been asked for a reply (and is waiting at <see cref="Gate"/>, if set).</summary>
    public Task Entered => _entered.Task;

    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>When set, the model fails with this exception instead of replying.</summary>
    public Exception? Failure { get; init; }

    /// <summary>When true, the last reply repeats forever once the script runs out.</summary>
    public bool RepeatLast { get; init; }

    /// <summary>Token counts every reply reports; when null, a quarter of the reply's and of the last message's length.</summary>
    public (int Prefilled, int Generated)? TokenCounts { get; init; }

    private string? _last;

    public async ValueTask<ActionModelReply> NextAsync(ActionModelRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        _entered.TrySetResult();
        if (Gate is not null)
        {
            await Gate.WaitAsync(cancellationToken);
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

        var (prefilled, generated) = TokenCounts ?? (request.Messages[^1].Text.Length / 4, _last!.Length / 4);
        return new ActionModelReply(_last!) { GeneratedTokens = generated, PrefilledTokens = prefilled };
    }

    public ValueTask EndConversationAsync(Guid conversationId)
    {
        EndedConversations.Add(conversationId);
        return ValueTask.CompletedTask;
    }
}
