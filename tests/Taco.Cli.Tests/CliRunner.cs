using System.Diagnostics;

namespace Taco.Cli.Tests;

/// <summary>Runs taco in-process (streams captured) or as a real child process (exit codes, environment).</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) InProcess(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = TacoApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    public static (int ExitCode, string Output, string Error) ChildProcess(IDictionary<string, string?>? environment, params string[] args) =>
        ChildProcessIn(null, environment, args);

    /// <summary>A child taco in <paramref name="workingDirectory"/>; a null value in <paramref name="environment"/> removes the variable.</summary>
    public static (int ExitCode, string Output, string Error) ChildProcessIn(string? workingDirectory, IDictionary<string, string?>? environment, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, environment, args))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // No time limit: on a loaded machine a child may take long, and a limit would decide the outcome.
        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public static ProcessStartInfo StartInfo(string? workingDirectory, IDictionary<string, string?>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "taco.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string?>())
        {
            if (v is null)
            {
                start.Environment.Remove(k);
            }
            else
            {
                start.Environment[k] = v;
            }
        }

        return start;
    }
}
