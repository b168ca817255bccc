using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Taco.Cli.Tests;

public sealed partial class AskCancellationTests
{
    private const int SigInt = 2;
    private static readonly nint SigDfl = 0;
    private static readonly nint SigIgn = 1;

    [Fact]
    public async Task Ctrl_C_during_a_run_stops_it_through_tacos_own_cancellation_with_exit_130()
    {
        AllowChildrenToReceiveSigInt();
        using var temp = new TempDirectory("taco-ask-cancel");
        // The gate: the image is a FIFO, so taco blocks reading it, inside the command (Ctrl-C handler in
        // place), until this test writes the picture. The signal goes while it is blocked, and the picture
        // only once taco has logged the cancellation: no step can run before the cancellation is seen.
        await using var run = await BlockedRun.StartAsync(temp.Path);
        await run.SignalAsync();
        Assert.True(await run.Cancelled.Task, $"taco logged no cancellation after SIGINT: {run.Error}");
        await run.FeedPictureAsync();

        await run.Process.WaitForExitAsync();
        var err = run.Error;
        Assert.True(run.Process.ExitCode == ExitCodes.Cancelled, $"exit {run.Process.ExitCode}: {err}");
        // taco's own last line: 130 alone could be a forced exit that never reached taco's cancellation path.
        Assert.Equal("taco: no answer (cancelled)", err.TrimEnd().Split('\n')[^1].TrimEnd('\r'));
        Assert.DoesNotContain("[1] ", err, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await run.Output);
    }

    [Fact]
    public async Task A_second_Ctrl_C_ends_taco_at_once_where_the_first_cannot_stop_it()
    {
        AllowChildrenToReceiveSigInt();
        using var temp = new TempDirectory("taco-ask-cancel-twice");
        // taco stays blocked on its FIFO image, which this test never writes: only the second signal can end it.
        await using var run = await BlockedRun.StartAsync(temp.Path);
        await run.SignalAsync();
        Assert.True(await run.Cancelled.Task, $"taco logged no cancellation after SIGINT: {run.Error}");
        await run.SignalAsync();

        await run.Process.WaitForExitAsync();
        Assert.Equal(ExitCodes.Cancelled, run.Process.ExitCode);
        Assert.DoesNotContain("taco: no answer", run.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await run.Output);
    }

    /// <summary>A child <c>taco ask</c> whose image is a FIFO it has opened and blocks reading until the test feeds it.</summary>
    private sealed class BlockedRun : IAsyncDisposable
    {
        private readonly System.Text.StringBuilder _stderr = new();
        private FileStream? _pipe;

        private BlockedRun(Process process)
        {
            Process = process;
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    Cancelled.TrySetResult(false);
                    return;
                }

                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }

                if (e.Data.Contains("cancellation requested", StringComparison.Ordinal))
                {
                    Cancelled.TrySetResult(true);
                }
            };
            process.BeginErrorReadLine();
            Output = process.StandardOutput.ReadToEndAsync();
        }

        public Process Process { get; }

        public Task<string> Output { get; }

        /// <summary>True once taco logs that it saw the cancellation; false if its standard error ends first.</summary>
        public TaskCompletionSource<bool> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Error => Text(_stderr);

        public static async Task<BlockedRun> StartAsync(string folder)
        {
            var image = Path.Combine(folder, "board.png");
            Fifo.Make(image);
            var model = Path.Combine(ModelsCommandTests.RepoRoot(), "models", "tiny-llava");
            var start = CliRunner.StartInfo(null, null, "ask", image, "What does diesel cost?", "--model", model, "--max-steps", "10", "--max-new-tokens", "150", "--temperature", "1", "--seed", "10", "--verbose");
            start.RedirectStandardInput = false;
            var run = new BlockedRun(Process.Start(start)!);

            // Opening a FIFO for writing returns once taco has opened it for reading.
            var writer = Task.Run(() => new FileStream(image, FileMode.Open, FileAccess.Write));
            var opened = await Task.WhenAny(writer, run.Process.WaitForExitAsync());
            Assert.True(opened == writer, $"taco exited before reading its image: {run.Error}");
            run._pipe = await writer;
            return run;
        }

        public async Task SignalAsync()
        {
            using var kill = Process.Start("kill", ["-INT", Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        public async Task FeedPictureAsync()
        {
            await _pipe!.WriteAsync(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "price-board.png")));
            await _pipe.DisposeAsync();
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_pipe is not null)
                {
                    await _pipe.DisposeAsync();
                }
            }
            catch (IOException)
            {
                // taco is gone and the pipe has no reader.
            }

            if (!Process.HasExited)
            {
                Process.Kill();
            }

            Process.Dispose();
        }
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
