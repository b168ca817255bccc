using Taco.Tools.Values;

namespace Taco.Agent.Synthesis;

/// <summary>What an earlier step of a plan left for templates: its action and the result the model was shown (null when it had none).</summary>
public sealed record PlanObservation(string? Action, ToolDict? Visible);
