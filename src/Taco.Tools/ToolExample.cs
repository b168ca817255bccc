using System.Text.Json;

namespace Taco.Tools;

/// <summary>An example call shown in the prompt: the arguments object as JSON.</summary>
public sealed record ToolExample
{
    public ToolExample(string argumentsJson)
    {
        ArgumentNullException.ThrowIfNull(argumentsJson);
        using var doc = JsonDocument.Parse(argumentsJson);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("An example's arguments must be a JSON object.", nameof(argumentsJson));
        }

        ArgumentsJson = argumentsJson;
    }

    public string ArgumentsJson { get; }
}
