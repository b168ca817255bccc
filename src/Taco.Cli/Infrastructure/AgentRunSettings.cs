using Taco.Inference.Models;

namespace Taco.Cli.Infrastructure;

/// <summary>The resolved <see cref="AgentRunOptions"/> of one command.</summary>
internal sealed record AgentRunSettings
{
    public required string ModelDirectory { get; init; }

    public ModelDtype? Dtype { get; init; }

    public required int MaxSteps { get; init; }

    public int? MaxNewTokens { get; init; }

    public float Temperature { get; init; }

    public int? Seed { get; init; }

    /// <summary>The tools to offer; empty means all.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>Where <see cref="Tools"/> came from (<c>--tools</c>, <c>$TACO_TOOLS</c>, a taco.json key), for errors.</summary>
    public string ToolsSource { get; init; } = "--tools";

    public TimeSpan? TimeBudget { get; init; }

    /// <summary>How long one tool call may take (<c>--tool-timeout</c>).</summary>
    public required TimeSpan ToolTimeout { get; init; }

    public string? TraceDirectory { get; init; }

    /// <summary>Constrained decoding (on unless <c>--no-constrain</c>).</summary>
    public bool Constrain { get; init; } = true;

    /// <summary>The grounded-number rule of constrained decoding (on unless <c>--no-ground-numbers</c>).</summary>
    public bool GroundNumbers { get; init; } = true;
}
