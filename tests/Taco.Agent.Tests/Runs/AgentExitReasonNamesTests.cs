using System.Text.Json;
using Taco.Agent.Runs;
using Taco.Agent.Tracing;

namespace Taco.Agent.Tests.Runs;

public sealed class AgentExitReasonNamesTests
{
    [Fact]
    public void Every_exit_reason_is_named_as_its_trace_writes_it()
    {
        foreach (var reason in Enum.GetValues<AgentExitReason>())
        {
            Assert.Equal(JsonSerializer.Serialize(reason, TraceJson.Options), "\"" + reason.SnakeName() + "\"");
        }

        Assert.Equal("max_replies", AgentExitReason.MaxReplies.SnakeName());
        Assert.Equal("context_full", AgentExitReason.ContextFull.SnakeName());
    }
}
