namespace Taco.Agent.Protocol;

/// <summary>Which guidance the reference appends to a parse error.</summary>
public enum CotaParseErrorKind
{
    /// <summary><c>json.loads</c> failed: the model is told to fix its JSON.</summary>
    Json,

    /// <summary>Valid JSON of the wrong shape: the model is told to try again or terminate.</summary>
    Other,
}
