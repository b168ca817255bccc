namespace Taco.Cli;

/// <summary>The process exit codes taco documents (README, "Exit codes"). Scripts and CI rely on them.</summary>
public static class ExitCodes
{
    /// <summary>The command did its job (for <c>ask</c>: an answer was given).</summary>
    public const int Success = 0;

    /// <summary>The agent ran out of steps or time without an answer.</summary>
    public const int NoAnswer = 1;

    /// <summary>Bad arguments, a missing or unreadable input file, an invalid image.</summary>
    public const int BadInput = 2;

    /// <summary>The model directory is broken or the model failed while running.</summary>
    public const int ModelError = 3;

    /// <summary>A native library, data file or model that taco needs is not installed.</summary>
    public const int MissingDependency = 4;

    /// <summary><c>taco eval</c> scored below <c>--min-accuracy</c>.</summary>
    public const int BelowThreshold = 5;

    /// <summary><c>taco replay</c>: the recorded run and the replay differ.</summary>
    public const int ReplayDiffers = 6;

    /// <summary><c>taco batch</c> / <c>taco eval</c>: some items failed (recorded in their output lines); the rest are done.</summary>
    public const int ItemsFailed = 7;

    /// <summary>A file or folder taco writes cannot be written: read-only, no permission, disk full (EX_IOERR).</summary>
    public const int IoError = 74;

    /// <summary>A bug in taco: an exception nobody expected. The message asks for a report.</summary>
    public const int InternalError = 70;

    /// <summary>Interrupted by Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
