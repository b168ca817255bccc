using Taco.Tools;
using Taco.Tools.Values;

namespace Taco.Agent.Protocol;

/// <summary>
/// TACO's <c>Terminate</c> action. It is a tool so it is listed, described and validated
/// like every other action; the agent stops when it succeeds.
/// </summary>
public sealed class TerminateTool : ITool
{
    public ToolDescriptor Descriptor { get; } = new(
        TacoStrings.TerminateName,
        "Conclude the task and give the final answer.",
        [new ToolArgument("answer", ToolArgumentType.String, "the final answer")],
        [new ToolReturn("answer", "string", "the final answer")],
        [new ToolExample("""{"answer": "yes"}""")]);

    public ValueTask<ToolDict> InvokeAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return ValueTask.FromResult(ToolDict.Empty.With("answer", ToolValue.Of(arguments.GetString("answer"))));
    }
}
