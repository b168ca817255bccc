using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Taco.Agent.Protocol;

/// <summary>
/// Reads a model turn the way the reference does: drop a <c>```json</c> fence, keep the
/// outermost <c>{…}</c>, decode it with <c>json.loads</c> semantics, and take
/// <c>actions[0]</c> with its <c>name</c> and <c>arguments</c>. The text is data: nothing
/// in it is ever evaluated.
/// </summary>
public static class CotaParser
{
    private const string Shape = "The output must be a JSON object such as {\"thought\": \"...\", \"actions\": [{\"name\": \"...\", \"arguments\": {...}}]}";

    private static readonly JsonSerializerOptions NodeToElement = new()
    {
        // Python accepts NaN/Infinity; carry them as their names so validation can reject them readably.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static CotaReply Parse(string modelText)
    {
        ArgumentNullException.ThrowIfNull(modelText);
        var candidate = OutermostObject(StripFence(modelText));
        JsonNode? root;
        try
        {
            root = PythonJson.Loads(candidate);
        }
        catch (PythonJsonException e)
        {
            return CotaReply.Error(e.IsRecursionError ? CotaParseErrorKind.Other : CotaParseErrorKind.Json, e.Message);
        }

        if (root is not JsonObject obj)
        {
            return CotaReply.Error(CotaParseErrorKind.Other, Shape + ".");
        }

        string? thought = obj.TryGetPropertyValue("thought", out var t) && t is JsonValue tv && tv.TryGetValue<string>(out var ts) ? ts : null;

        if (!obj.TryGetPropertyValue("actions", out var actionsNode) || actionsNode is null)
        {
            return CotaReply.Error(CotaParseErrorKind.Other, "The key \"actions\" is missing. " + Shape + ".");
        }

        if (actionsNode is not JsonArray actions)
        {
            return CotaReply.Error(CotaParseErrorKind.Other, "\"actions\" must be a list of actions. " + Shape + ".");
        }

        if (actions.Count == 0)
        {
            return new CotaReply { Thought = thought, ActionCount = 0 };
        }

        if (actions[0] is not JsonObject first)
        {
            return CotaReply.Error(CotaParseErrorKind.Other, "Each action must be an object with \"name\" and \"arguments\". " + Shape + ".");
        }

        if (!first.TryGetPropertyValue("name", out var nameNode) || nameNode is null)
        {
            return CotaReply.Error(CotaParseErrorKind.Other, "The action has no \"name\". " + Shape + ".");
        }

        if (nameNode is not JsonValue nv || !nv.TryGetValue<string>(out var name))
        {
            return CotaReply.Error(CotaParseErrorKind.Other, "The action's \"name\" must be a string. " + Shape + ".");
        }

        if (!first.TryGetPropertyValue("arguments", out var argsNode))
        {
            return CotaReply.Error(CotaParseErrorKind.Other, "The action has no \"arguments\". " + Shape + ".");
        }

        if (argsNode is not JsonObject)
        {
            return CotaReply.Error(CotaParseErrorKind.Other, "The action's \"arguments\" must be an object. " + Shape + ".");
        }

        var arguments = JsonSerializer.SerializeToElement(argsNode, NodeToElement);
        return new CotaReply { Thought = thought, Action = new CotaAction(name, arguments), ActionCount = actions.Count };
    }

    internal static string StripFence(string text)
    {
        const string Fence = "```json";
        var open = text.IndexOf(Fence, StringComparison.Ordinal);
        if (open < 0)
        {
            return text;
        }

        var body = text[(open + Fence.Length)..];
        var close = body.IndexOf("```", StringComparison.Ordinal);
        return close >= 0 ? body[..close] : body;
    }

    internal static string OutermostObject(string text)
    {
        var open = text.IndexOf('{', StringComparison.Ordinal);
        var close = text.LastIndexOf('}');
        if (open < 0 || close < open)
        {
            // Nothing object-like: json.loads of the whole text produces the telling message
            // (e.g. "Expecting value: line 1 column 1 (char 0)").
            return text.Trim();
        }

        return text[open..(close + 1)];
    }
}
