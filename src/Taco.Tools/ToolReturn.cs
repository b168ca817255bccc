namespace Taco.Tools;

/// <summary>One key of a tool's result dict, as shown to the model in the prompt's <c>Returns:</c> line.</summary>
public sealed record ToolReturn(string Name, string Type, string Description);
