using Taco.Tools;
using Taco.Tools.Values;

namespace Taco.Agent.Tests.Doubles;

/// <summary>
/// Test double for a tool that hangs (a stuck native call): it blocks its thread and
/// ignores cancellation, the worst case the agent's per-tool timeout must survive.
/// </summary>
internal sealed class SlowToolDouble(TimeSpan duration) : ITool
{
    public ToolDescriptor Descriptor { get; } = new("GetObjects", "Slow double.", [new ToolArgument("image", ToolArgumentType.Image, "image")], [new ToolReturn("objects", "list", "objects")]);

    public ValueTask<ToolDict> InvokeAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        Thread.Sleep(duration);
        return ValueTask.FromResult(ToolDict.Empty.With("objects", new ToolList([ToolValue.Of("late")])));
    }
}
