namespace Taco.Cli.Infrastructure;

/// <summary>An error the CLI reports as one line and a named exit code.</summary>
public sealed class CliException : Exception
{
    public CliException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    /// <summary>One line and an exit code, keeping the error it stands for (callers tell kinds of failure apart by it).</summary>
    public CliException(int exitCode, string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public CliException()
        : this(ExitCodes.InternalError, "unspecified error")
    {
    }

    public CliException(string message)
        : this(ExitCodes.InternalError, message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.InternalError;
    }

    public int ExitCode { get; }
}
