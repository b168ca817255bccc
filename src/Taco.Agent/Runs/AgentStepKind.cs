namespace Taco.Agent.Runs;

/// <summary>What one model reply led to.</summary>
public enum AgentStepKind
{
    /// <summary>An action ran (successfully or not) and its observation was fed back.</summary>
    Action,

    /// <summary>The model called Terminate.</summary>
    Answer,

    /// <summary><c>actions</c> was empty.</summary>
    NoAction,

    /// <summary>The reply could not be parsed; the error was fed back.</summary>
    ParseError,

    /// <summary>The reply repeated an action once too often; the run stopped without running it.</summary>
    Stalled,
}
