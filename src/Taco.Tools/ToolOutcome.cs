using System.Collections.Immutable;
using Taco.Tools.Values;

namespace Taco.Tools;

/// <summary>The result of one action: either a result dict or a failure the model will be shown.</summary>
public sealed record ToolOutcome
{
    private ToolOutcome(string toolName, ToolDict? result, ToolExecutionException? error)
    {
        ToolName = toolName;
        Result = result;
        Error = error;
    }

    public string ToolName { get; }

    public ToolDict? Result { get; }

    public ToolExecutionException? Error { get; }

    public bool Succeeded => Error is null;

    /// <summary>Pictures the tool derived for people during the call (a depth map); not part of the observation.</summary>
    public ImmutableArray<ToolArtifact> Artifacts { get; init; } = [];

    /// <summary>
    /// The body of the TACO observation: the result's Python repr, or the
    /// <c>Execution failed with &lt;class '…'&gt;: ….</c> line. The agent adds the
    /// <c>OBSERVATION:</c> header and the guidance suffix.
    /// </summary>
    public string ObservationBody => Error is { } e ? e.ObservationText : PythonRepr.Render(Result!);

    public static ToolOutcome Success(string toolName, ToolDict result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(toolName, result, null);
    }

    public static ToolOutcome Failure(string toolName, ToolExecutionException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(toolName, null, error);
    }
}
