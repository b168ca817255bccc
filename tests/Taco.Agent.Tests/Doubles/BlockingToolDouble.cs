using Taco.Tools;
using Taco.Tools.Values;

namespace Taco.Agent.Tests.Doubles;

/// <summary>
/// Test double for a tool that hangs (a stuck native call): it blocks its thread, ignoring cancellation,
/// until the test calls <see cref="Release"/> — the worst case the agent's per-tool timeout and
/// cancellation must survive, with no timer deciding when it ends.
/// </summary>
internal sealed class BlockingToolDouble : ITool, IDisposable
{
    private readonly ManualResetEventSlim _gate = new();
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ToolDescriptor Descriptor { get; } = new("GetObjects", "Blocking double.", [new ToolArgument("image", ToolArgumentType.Image, "image")], [new ToolReturn("objects", "list", "objects")]);

    /// <summary>Completes when a call has started blocking.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Whether a call has returned (only after <see cref="Release"/>).</summary>
    public bool Returned { get; private set; }

    public ValueTask<ToolDict> InvokeAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        _gate.Wait(CancellationToken.None);
        Returned = true;
        return ValueTask.FromResult(ToolDict.Empty.With("objects", new ToolList([ToolValue.Of("late")])));
    }

    public void Release() => _gate.Set();

    public void Dispose()
    {
        Release();
        _gate.Dispose();
    }
}
