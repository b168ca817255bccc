using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Taco.Agent.Constraints;
using Taco.Agent.Images;
using Taco.Agent.Models;
using Taco.Agent.Protocol;
using Taco.Agent.Runs;
using Taco.Tools;
using Taco.Tools.Values;

namespace Taco.Agent.Synthesis;

/// <summary>
/// The model of <c>taco synth</c>: writes the plan's steps in order, each resolved against what the
/// model was shown at the earlier steps, and checks every step's observation against its
/// <c>expect</c> before writing the next. It watches the run (as the agent's observer) for the
/// results; a step whose observation does not support the plan stops the run by failing the model's
/// turn, with the reason in <see cref="Drop"/>. One instance per item.
/// </summary>
public sealed class PlanActionModel(SynthItem item, ProtocolProfile profile) : IActionModel, IAgentObserver
{
    private readonly List<PlanObservation> _observed = [];
    private string? _lastError;

    /// <summary>Why the trace cannot be kept; null while the plan holds.</summary>
    public TraceDroppedException? Drop { get; private set; }

    /// <summary>The conversation's images (inputs and every image a tool made), for writing them out.</summary>
    public ImageStore? Images { get; private set; }

    public ValueTask<ActionModelReply> NextAsync(ActionModelRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var index = request.Messages.Count(m => m.Role == ChatRole.Assistant);
            if (index > 0)
            {
                Check(index - 1);
            }

            if (index >= item.Plan.Length)
            {
                throw new TraceDroppedException(DropReasons.ToolFailed, $"{TacoStrings.TerminateName} failed: {_lastError ?? "no answer"}");
            }

            var step = item.Plan[index];
            var text = Render(step, _observed);
            CheckGrounded(step, text, request.Messages, index);
            return ValueTask.FromResult(new ActionModelReply(text));
        }
        catch (TraceDroppedException e)
        {
            Drop = e;
            throw;
        }
    }

    /// <summary>The assistant turn for a step: <c>json.dumps</c> of <c>{"thought": …, "actions": [{"name": …, "arguments": {…}}]}</c>, as a TACO model writes it.</summary>
    public static string Render(PlanStep step, IReadOnlyList<PlanObservation> earlier)
    {
        ArgumentNullException.ThrowIfNull(step);
        var actions = new JsonArray();
        if (step.Action is { } name)
        {
            actions.Add(new JsonObject
            {
                ["name"] = name,
                ["arguments"] = PlanTemplate.ResolveArguments(step.Arguments, earlier),
            });
        }

        return PythonJsonWriter.Dumps(new JsonObject
        {
            ["thought"] = PlanTemplate.ResolveText(step.Thought, earlier),
            ["actions"] = actions,
        });
    }

    private void Check(int k)
    {
        var step = item.Plan[k];
        if (_observed.Count <= k)
        {
            throw new TraceDroppedException(DropReasons.BadPlan, $"step {k} ({step.Action ?? "no action"}) was not run as an action");
        }

        if (_lastError is { } error)
        {
            throw new TraceDroppedException(DropReasons.ToolFailed, $"step {k} ({step.Action}) failed: {error}");
        }

        PlanExpectations.Check(step.Expect, _observed[k].Visible, k);
    }

    /// <summary>
    /// A trace is kept only if a model could write it with constrained decoding on (the default at
    /// inference): every number of a Terminate answer or a Calculate expression must be one the
    /// grounded-number rule allows at this step, built from the same turns the decoder sees.
    /// </summary>
    private static void CheckGrounded(PlanStep step, string reply, IReadOnlyList<ChatMessage> messages, int index)
    {
        if (step.Action is not { } action || !GroundedNumbers.DefaultArguments.Any(a => a.Action == action))
        {
            return;
        }

        var parsed = CotaParser.Parse(reply);
        if (parsed.Action?.Arguments is not { ValueKind: JsonValueKind.Object } arguments)
        {
            return;
        }

        GroundedNumbers? rule = null;
        foreach (var property in arguments.EnumerateObject())
        {
            if (!GroundedNumbers.DefaultArguments.Contains((action, property.Name)))
            {
                continue;
            }

            var written = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            rule ??= GroundedNumbers.FromMessages(messages);
            if (GroundedNumbers.WrittenNumbers(written).FirstOrDefault(d => !rule.Allows(d)) is { } digits)
            {
                throw new TraceDroppedException(
                    DropReasons.NumberNotGrounded,
                    string.Create(CultureInfo.InvariantCulture, $"step {index} writes {action} {property.Name} \"{written}\", but {digits} is in neither the question nor an observation (nor a rounding of one), so a constrained model could not write it"));
            }
        }
    }

    public ValueTask OnStartAsync(AgentStart start, ImageStore images, CancellationToken cancellationToken)
    {
        Images = images;
        return ValueTask.CompletedTask;
    }

    public ValueTask OnStepAsync(AgentStep agentStep, ImageStore images, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentStep);
        Images = images;
        _lastError = agentStep.Outcome?.Error is { } e ? e.ObservationText : agentStep.Kind is AgentStepKind.ParseError or AgentStepKind.Stalled ? agentStep.Kind.ToString() : null;
        ToolDict? visible = agentStep.Outcome?.Result is { } result ? profile.VisibleResult(agentStep.ActionName!, result) : null;
        _observed.Add(new PlanObservation(agentStep.ActionName, visible));
        return ValueTask.CompletedTask;
    }

    public ValueTask OnFinishedAsync(AgentOutcome outcome, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
