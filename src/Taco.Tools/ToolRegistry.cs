using System.Text.Json;

namespace Taco.Tools;

/// <summary>
/// The actions a runtime offers, by TACO name. Invocation validates arguments first and
/// turns every failure into a <see cref="ToolOutcome"/> the model can read; only
/// cancellation escapes.
/// </summary>
public sealed class ToolRegistry
{
    private readonly List<ITool> _tools = [];
    private readonly Dictionary<string, ITool> _byName = new(StringComparer.Ordinal);

    public IReadOnlyList<ITool> Tools => _tools;

    public IEnumerable<string> Names => _tools.Select(t => t.Descriptor.Name);

    public ToolRegistry Add(ITool tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var name = tool.Descriptor.Name;
        if (!_byName.TryAdd(name, tool))
        {
            throw new ArgumentException($"A tool named {name} is already registered.", nameof(tool));
        }

        _tools.Add(tool);
        return this;
    }

    public bool TryGet(string name, out ITool tool)
    {
        if (_byName.TryGetValue(name, out var found))
        {
            tool = found;
            return true;
        }

        tool = null!;
        return false;
    }

    public ITool Get(string name) =>
        TryGet(name, out var tool) ? tool : throw UnknownTool(name);

    public ValueTask<ToolOutcome> InvokeAsync(string name, JsonElement arguments, ToolContext context, CancellationToken cancellationToken = default) =>
        InvokeAsync(name, tool => ToolArgumentValidator.Validate(tool.Descriptor, arguments, context), context, cancellationToken);

    public ValueTask<ToolOutcome> InvokeAsync(string name, IReadOnlyDictionary<string, string> arguments, ToolContext context, CancellationToken cancellationToken = default) =>
        InvokeAsync(name, tool => ToolArgumentValidator.Validate(tool.Descriptor, arguments, context), context, cancellationToken);

    private async ValueTask<ToolOutcome> InvokeAsync(string name, Func<ITool, ToolArguments> validate, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(context);
        if (!TryGet(name, out var tool))
        {
            return ToolOutcome.Failure(name, UnknownTool(name));
        }

        try
        {
            var arguments = validate(tool);
            var result = await tool.InvokeAsync(arguments, context, cancellationToken).ConfigureAwait(false);
            return ToolOutcome.Success(name, result) with { Artifacts = context.TakeArtifacts() };
        }
        catch (ToolExecutionException e)
        {
            return ToolOutcome.Failure(name, e) with { Artifacts = context.TakeArtifacts() };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A tool bug must not end the conversation; the model sees a failure and the
            // original exception stays attached for traces and logs.
            return ToolOutcome.Failure(name, new ToolExecutionException("RuntimeError", $"{name} failed unexpectedly: {e.Message.TrimEnd('.')}", e)) with { Artifacts = context.TakeArtifacts() };
        }
    }

    private ToolExecutionException UnknownTool(string name) =>
        ToolExecutionException.Value($"Unknown action '{name}'; the available actions are {string.Join(", ", Names)}");
}
