using System.Text.Json;

namespace Taco.Agent.Runs;

/// <summary>How an <see cref="AgentExitReason"/> is written for people and scripts.</summary>
public static class AgentExitReasonNames
{
    /// <summary>
    /// The snake-case name (<c>max_replies</c>) a trace's <c>exit_reason</c>, a batch result and the CLI's messages
    /// use: the trace's own naming policy, so the two never disagree.
    /// </summary>
    public static string SnakeName(this AgentExitReason reason) => JsonNamingPolicy.SnakeCaseLower.ConvertName(reason.ToString());
}
