using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Taco.Agent.Runs;

namespace Taco.Agent.Tracing;

/// <summary>Reads <c>trace.jsonl</c> (or the directory holding it) back for replay and rendering.</summary>
public static class TraceReader
{
    public static Trace Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
        {
            path = Path.Combine(path, JsonlTraceWriter.TraceFileName);
        }

        if (!File.Exists(path))
        {
            throw new TraceFormatException($"Trace file {path} does not exist.");
        }

        AgentStart? start = null;
        AgentOutcome? outcome = null;
        var steps = ImmutableArray.CreateBuilder<AgentStep>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                var node = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("the line is not a JSON object");
                var type = node["type"]?.GetValue<string>() ?? throw new JsonException("the line has no \"type\"");
                switch (type)
                {
                    case TraceRecordType.Start:
                        start = node.Deserialize<AgentStart>(TraceJson.Options);
                        break;
                    case TraceRecordType.Step:
                        steps.Add(node.Deserialize<AgentStep>(TraceJson.Options)!);
                        break;
                    case TraceRecordType.Outcome:
                        outcome = node.Deserialize<AgentOutcome>(TraceJson.Options);
                        break;
                    default:
                        throw new JsonException($"unknown record type \"{type}\"");
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
            {
                throw new TraceFormatException($"{path} line {number}: {e.Message}", e);
            }
        }

        if (start is null)
        {
            throw new TraceFormatException($"{path} has no \"start\" record; it is not a taco trace.");
        }

        return new Trace(start, steps.ToImmutable(), outcome is null ? null : outcome with { Steps = steps.ToImmutable() });
    }
}
