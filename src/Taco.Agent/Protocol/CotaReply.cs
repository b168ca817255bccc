namespace Taco.Agent.Protocol;

/// <summary>
/// A model turn after parsing: either an error to feed back, or a thought and the first
/// action (<c>null</c> when <c>actions</c> was empty; only <c>actions[0]</c> is executed).
/// </summary>
public sealed record CotaReply
{
    public string? Thought { get; init; }

    public CotaAction? Action { get; init; }

    /// <summary>How many actions the model listed (only the first runs).</summary>
    public int ActionCount { get; init; }

    public CotaParseErrorKind? ErrorKind { get; init; }

    /// <summary>The error text shown to the model after <c>OBSERVATION:</c>.</summary>
    public string? ErrorMessage { get; init; }

    public bool IsError => ErrorKind is not null;

    public bool HasNoAction => !IsError && Action is null;

    public static CotaReply Error(CotaParseErrorKind kind, string message) => new() { ErrorKind = kind, ErrorMessage = message };
}
