using System.CommandLine;
using Taco.Inference.Models;

namespace Taco.Cli.Infrastructure;

/// <summary>The resolved <see cref="AgentRunOptions"/> of one command.</summary>
internal sealed record AgentRunSettings(OptionValues Values)
{
    public required string ModelDirectory { get; init; }

    public ModelDtype? Dtype { get; init; }

    public int MaxSteps { get; init; } = 10;

    public int? MaxNewTokens { get; init; }

    public float Temperature { get; init; }

    public int? Seed { get; init; }

    /// <summary>The tools to offer; empty means all.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    public TimeSpan? TimeBudget { get; init; }

    /// <summary>How long one tool call may take (<c>--tool-timeout</c>).</summary>
    public TimeSpan ToolTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public string? TraceDirectory { get; init; }

    /// <summary>A switch declared with <c>AgentRunOptions.Flag</c>, with its configured default.</summary>
    public bool Flag(Option<bool> option) => Values.Get(option);
}
