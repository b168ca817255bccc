using Taco.Agent.Images;
using Taco.Agent.Runs;

namespace Taco.Cli.Infrastructure;

/// <summary>Several observers in order (e.g. the terminal printer, then the trace writer).</summary>
internal sealed class ObserverFan(IReadOnlyList<IAgentObserver> observers) : IAgentObserver
{
    public async ValueTask OnStartAsync(AgentStart start, ImageStore images, CancellationToken cancellationToken)
    {
        foreach (var o in observers)
        {
            await o.OnStartAsync(start, images, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask OnStepAsync(AgentStep agentStep, ImageStore images, CancellationToken cancellationToken)
    {
        foreach (var o in observers)
        {
            await o.OnStepAsync(agentStep, images, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask OnFinishedAsync(AgentOutcome outcome, CancellationToken cancellationToken)
    {
        foreach (var o in observers)
        {
            await o.OnFinishedAsync(outcome, cancellationToken).ConfigureAwait(false);
        }
    }
}
