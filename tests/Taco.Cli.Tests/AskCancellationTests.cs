using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Taco.Cli.Tests;

public sealed partial class AskCancellationTests
{
    private const int SigInt = 2;
    private static readonly nint SigDfl = 0;
    private static readonly nint SigIgn = 1;

    [Fact]
    public async Task Ctrl_C_during_a_run_stops_it_as_cancelled_with_exit_130()
    {
        AllowChildrenToReceiveSigInt();
        using var temp = new TempDirectory("taco-ask-cancel");
        var model = Path.Combine(ModelsCommandTests.RepoRoot(), "models", "tiny-llava");
        // The gate: the image is a FIFO, so taco blocks reading it, inside the command (Ctrl-C handler in
        // place), until this test writes the picture. The signal goes while it is blocked, and the picture
        // only once taco has logged the cancellation: no step can run before the cancellation is seen.
        var image = Path.Combine(temp.Path, "board.png");
        Fifo.Make(image);
        var start = CliRunner.StartInfo(null, null, "ask", image, "What does diesel cost?", "--model", model, "--max-steps", "10", "--max-new-tokens", "150", "--temperature", "1", "--seed", "10", "--verbose");
        start.RedirectStandardInput = false;

        using var process = Process.Start(start)!;
        var stderr = new System.Text.StringBuilder();
        // True once taco logs that it saw the cancellation; false if its standard error ends first.
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                cancelled.TrySetResult(false);
                return;
            }

            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            if (e.Data.Contains("cancellation requested", StringComparison.Ordinal))
            {
                cancelled.TrySetResult(true);
            }
        };
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEndAsync();

        // Opening a FIFO for writing returns once taco has opened it for reading.
        var writer = Task.Run(() => new FileStream(image, FileMode.Open, FileAccess.Write));
        var opened = await Task.WhenAny(writer, process.WaitForExitAsync());
        Assert.True(opened == writer, $"taco exited before reading its image: {Text(stderr)}");
        await using (var pipe = await writer)
        {
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            Assert.True(await cancelled.Task, $"taco logged no cancellation after SIGINT: {Text(stderr)}");
            await pipe.WriteAsync(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "price-board.png")));
        }

        await process.WaitForExitAsync();
        var err = Text(stderr);
        Assert.True(process.ExitCode == ExitCodes.Cancelled, $"exit {process.ExitCode}: {err}");
        Assert.DoesNotContain("[1] ", err, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await stdout);
    }

    private static string Text(System.Text.StringBuilder stderr)
    {
        lock (stderr)
        {
            return stderr.ToString();
        }
    }

    /// <summary>
    /// A test host started in the background by a non-interactive shell inherits SIGINT as ignored,
    /// and so would the child; restore the default so the child installs its own handler.
    /// </summary>
    private static void AllowChildrenToReceiveSigInt()
    {
        var previous = Signal(SigInt, SigDfl);
        if (previous != SigIgn)
        {
            Signal(SigInt, previous);
        }
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signum, nint handler);
}
