using Taco.Tools.Values;

namespace Taco.Tools;

/// <summary>
/// A TACO action. <see cref="ToolRegistry"/> validates arguments against <see cref="Descriptor"/>
/// before <see cref="InvokeAsync"/> runs, so implementations read typed values only.
/// Failures the model should see are thrown as <see cref="ToolExecutionException"/>.
/// </summary>
public interface ITool
{
    ToolDescriptor Descriptor { get; }

    ValueTask<ToolDict> InvokeAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken);
}
