namespace Taco.Tools;

/// <summary>
/// A tool failure named like the Python exception the reference implementation would
/// raise (<c>ValueError</c>, <c>ZeroDivisionError</c> …), so the observation a model sees
/// reads the same: <c>Execution failed with &lt;class 'ValueError'&gt;: message.</c>
/// </summary>
public sealed class ToolExecutionException : Exception
{
    public ToolExecutionException()
        : this(ValueError, "tool failed")
    {
    }

    public ToolExecutionException(string message)
        : this(ValueError, message)
    {
    }

    public ToolExecutionException(string message, Exception innerException)
        : this(ValueError, message, innerException)
    {
    }

    public ToolExecutionException(string pythonType, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pythonType);
        PythonType = pythonType;
    }

    public const string ValueError = "ValueError";

    /// <summary>The Python exception class name, e.g. <c>ZeroDivisionError</c>.</summary>
    public string PythonType { get; }

    /// <summary>As Python's traceback last line prints it: <c>ZeroDivisionError: division by zero</c>.</summary>
    public string PythonText => PythonType + ": " + Message;

    /// <summary>The TACO observation line for a failed action (without the trailing guidance suffix).</summary>
    public string ObservationText => "Execution failed with <class '" + PythonType + "'>: " + Message + ".";

    public static ToolExecutionException Value(string message) => new(ValueError, message);
}
