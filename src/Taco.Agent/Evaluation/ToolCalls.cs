namespace Taco.Agent.Evaluation;

/// <summary>How many times a tool was called on an item, and how many of those calls failed.</summary>
public readonly record struct ToolCalls(int Calls, int Failures);
