namespace Taco.Agent.Protocol;

/// <summary>How a local model receives the conversation (<see cref="ProtocolProfile.Input"/>).</summary>
public enum ModelInput
{
    /// <summary>Each message is a turn of the model's chat template; the system message, if any, its system turn.</summary>
    ChatTurns,

    /// <summary>
    /// The reference runtime's form for local TACO checkpoints: the conversation flattened into one text
    /// (<see cref="TacoTranscript"/>) sent as the single user message of the model's chat template.
    /// </summary>
    Transcript,
}
