namespace Taco.Agent.Evaluation;

/// <summary>How a prediction is compared with the gold answer.</summary>
public enum AnswerType
{
    /// <summary>Equal after normalization (case, punctuation, articles, number words) to any gold answer.</summary>
    Exact,

    /// <summary>The prediction's first number is within tolerance of the gold number.</summary>
    Numeric,

    /// <summary>The multiple-choice letter the prediction names (or whose option text it gives) is the gold letter.</summary>
    Choice,

    /// <summary>VQA soft accuracy over several human answers: min(1, agreeing answers / 3), averaged over leave-one-out subsets.</summary>
    Vqa,
}
