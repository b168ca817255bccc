using Taco.Agent.Images;

namespace Taco.Agent.Runs;

/// <summary>
/// Watches a run as it happens: the CLI streams steps to the terminal, trace writers
/// store them. Called on the agent's flow, so an observer that blocks slows the run.
/// </summary>
public interface IAgentObserver
{
    ValueTask OnStartAsync(AgentStart start, ImageStore images, CancellationToken cancellationToken);

    ValueTask OnStepAsync(AgentStep agentStep, ImageStore images, CancellationToken cancellationToken);

    ValueTask OnFinishedAsync(AgentOutcome outcome, CancellationToken cancellationToken);
}
