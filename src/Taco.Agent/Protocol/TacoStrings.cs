namespace Taco.Agent.Protocol;

/// <summary>
/// The TACO protocol's fixed texts, byte for byte as the fine-tuned models saw them
/// (see docs/TACO-PROTOCOL.md). A character changed here costs accuracy.
/// </summary>
public static class TacoStrings
{
    public const string ShortGoalStart = "[BEGIN OF GOAL] You are a helpful assistant, and your goal is to solve the # USER REQUEST #. You can either rely on your own capabilities or perform actions with external tools to help you. You can use these actions: ";

    public const string ShortGoalEnd = " [END OF GOAL]";

    public const string FullGoal = "[BEGIN OF GOAL]\nYou are a helpful assistant, and your goal is to solve the # USER REQUEST #. You can either rely on your own capabilities or perform actions with external tools to help you. A list of all available actions are provided to you in the below.\n[END OF GOAL]\n\n";

    public const string TaskInstructions = "[BEGIN OF TASK INSTRUCTIONS]\n1. You must only select actions from # ACTIONS #.\n2. You can only call one action at a time.\n3. If no action is needed, please make actions an empty list (i.e. “actions”: []).\n4. You must always call Terminate with your final answer at the end.\n[END OF TASK INSTRUCTIONS]\n\n";

    public const string FormatInstructions = "[BEGIN OF FORMAT INSTRUCTIONS]\nYour output should be in a strict JSON format as follows:\n{\"thought\": \"the thought process, or an empty string\", \"actions\": [{\"name\": \"action1\", \"arguments\": {\"argument1\": \"value1\", \"argument2\": \"value2\"}}]}\n[END OF FORMAT INSTRUCTIONS]\n\n";

    public const string ExamplesStart = "[BEGIN OF EXAMPLES]:\n";

    public const string ExamplesEnd = "[END OF EXAMPLES]\n";

    public const string RequestStart = "\n# USER REQUEST #:\n";

    public const string RequestEnd = "\nNow please generate your response:\n";

    public const string ObservationPrefix = "OBSERVATION:\n";

    public const string ObservationSuffix = "\nThe OBSERVATION can be incomplete or incorrect, so please be critical and decide how to make use of it. If you've gathered sufficient information to answer the question, call Terminate with the final answer. Now, please generate the response for the next step.";

    public const string JsonErrorFeedback = "\nPlease format the output to a strict JSON format can be converted by json.loads().\nRequirements:\n1. Do not change the content;\n2. Consider changing single quotes to double quotes or vice versa where applicable;\n3. Consider adding or removing curly bracket or removing the period at the end if any.";

    public const string OtherErrorFeedback = "\nPlease try again to fix the error. Or, reply with Terminate only if you believe this error is not fixable.";

    public const string NoActionMessage = "No action has been provided. Proceed to the next step.";

    public const string TerminateName = "Terminate";

    /// <summary>The reference's fallback when no <c>Terminate</c> came: the last match in the model's output.</summary>
    public const string FallbackAnswerPattern = "\"answer\"\\s*:\\s*\"([^\"]*)\"";

    /// <summary>The order in which the reference lists its actions; others follow, Terminate is always last.</summary>
    public static IReadOnlyList<string> ReferenceActionOrder { get; } =
    [
        "OCR", "LocalizeObjects", "GetObjects", "EstimateRegionDepth", "EstimateObjectDepth", "Crop", "ZoomIn",
        "QueryLanguageModel", "GetImageToImagesSimilarity", "GetImageToTextsSimilarity", "GetTextToImagesSimilarity",
        "DetectFaces", "QueryKnowledgeBase", "Calculate", "SolveMathEquation", TerminateName,
    ];
}
