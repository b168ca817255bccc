namespace Taco.Agent.Protocol;

/// <summary>
/// A decode failure worded exactly like CPython's <c>json.JSONDecodeError</c>
/// (<c>Expecting ',' delimiter: line 1 column 5 (char 4)</c>), because TACO feeds that
/// text back to the model. Positions count Unicode code points, as Python's do.
/// </summary>
public sealed class PythonJsonException : Exception
{
    public PythonJsonException()
        : this("Expecting value", 0, 1, 1)
    {
    }

    public PythonJsonException(string message)
        : this(message, 0, 1, 1)
    {
    }

    public PythonJsonException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
        LineNumber = 1;
        ColumnNumber = 1;
    }

    public PythonJsonException(string reason, int position, int lineNumber, int columnNumber)
        : base(FormattableString.Invariant($"{reason}: line {lineNumber} column {columnNumber} (char {position})"))
    {
        Reason = reason;
        Position = position;
        LineNumber = lineNumber;
        ColumnNumber = columnNumber;
    }

    /// <summary>
    /// True for CPython's <c>RecursionError</c> on absurdly deep nesting: not a
    /// <c>JSONDecodeError</c>, so the model gets the generic guidance.
    /// </summary>
    public bool IsRecursionError { get; private init; }

    internal static PythonJsonException Recursion(string message) => new(message, recursion: true);

    private PythonJsonException(string message, bool recursion)
        : base(message)
    {
        Reason = message;
        LineNumber = 1;
        ColumnNumber = 1;
        IsRecursionError = recursion;
    }

    /// <summary>The message without the location, e.g. <c>Expecting value</c>.</summary>
    public string Reason { get; }

    /// <summary>Code-point offset into the decoded text (Python's <c>pos</c>).</summary>
    public int Position { get; }

    public int LineNumber { get; }

    public int ColumnNumber { get; }
}
