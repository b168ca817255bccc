namespace Taco.Agent.Synthesis;

/// <summary>Why <c>taco synth</c> did not keep a trace (the report counts them per category).</summary>
public static class DropReasons
{
    /// <summary>A number the step's <c>expect</c> names is not in its observation.</summary>
    public const string NumberNotRead = "number_not_read";

    /// <summary>A text the step's <c>expect</c> names is not in its observation.</summary>
    public const string TextNotRead = "text_not_read";

    /// <summary>No OCR region with the text an <c>expect</c> or a <c>{box:…}</c> names.</summary>
    public const string RegionNotFound = "region_not_found";

    /// <summary>Two regions a <c>{closer:…}</c> compares have the same depth.</summary>
    public const string DepthTie = "depth_tie";

    /// <summary>
    /// A Terminate answer or Calculate expression writes a number the grounded-number rule of constrained
    /// decoding would not let a model write at that step (not in the question or an observation, nor a rounding of one).
    /// </summary>
    public const string NumberNotGrounded = "number_not_grounded";

    /// <summary>A planned action failed (its observation is an <c>Execution failed</c> line).</summary>
    public const string ToolFailed = "tool_failed";

    /// <summary>The final answer is not the gold answer for the scorer of <c>taco eval</c>.</summary>
    public const string WrongAnswer = "wrong_answer";

    /// <summary>The item line itself is at fault: not JSON, a missing image, a malformed plan or placeholder.</summary>
    public const string BadPlan = "bad_plan";
}
