namespace Taco.Agent.Protocol;

/// <summary>Which task prompt opens the conversation.</summary>
public enum PromptStyle
{
    /// <summary>The one-paragraph goal the TACO models were fine-tuned with.</summary>
    Short,

    /// <summary>Goal, action descriptions, instructions and worked examples, for models prompted few-shot.</summary>
    Full,
}
