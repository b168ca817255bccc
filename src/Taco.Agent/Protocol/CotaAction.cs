using System.Text.Json;

namespace Taco.Agent.Protocol;

/// <summary>
/// The action a model asked for: a name and its arguments object, still unvalidated
/// (the tool registry checks them against the tool's schema). Never executed as code.
/// </summary>
public sealed record CotaAction(string Name, JsonElement Arguments)
{
    /// <summary>The arguments as compact JSON with keys sorted, so equal requests compare equal.</summary>
    public string CanonicalArguments => CanonicalJson.Write(Arguments);
}
