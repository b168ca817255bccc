using System.Text.Json.Nodes;

namespace Taco.Agent.Synthesis;

/// <summary>One planned assistant turn: a thought, at most one action with its arguments (both templates), and what its observation must show.</summary>
public sealed record PlanStep(string Thought, string? Action, JsonObject Arguments, PlanExpect Expect);
