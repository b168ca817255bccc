using System.Runtime.InteropServices;

namespace Taco.Cli.Infrastructure;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM as taco's own cancellation: the first one cancels <see cref="Token"/>, and
/// the command stops at its next point that can stop, keeps finished work, says so in its own last line
/// and exits 130. A second one is left to the runtime, which ends the process at once (for a step that
/// cannot stop, such as loading a model). System.CommandLine's handling is off instead: after its
/// timeout it ended the process with 130 while the command was still running, whatever taco did.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;
    private int _received;

    public TerminationSignals()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _cancellation.Token;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) == 1)
        {
            context.Cancel = true;
            try
            {
                _cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The command ended as the signal came.
            }
        }
    }
}
