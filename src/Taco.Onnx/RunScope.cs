using Ort = Microsoft.ML.OnnxRuntime;

namespace Taco.Onnx;

/// <summary>
/// Run options for one cancellable run: the token's callback sets ONNX Runtime's terminate flag
/// (<see cref="Ort.RunOptions.Terminate"/>), which stops the run between kernels. Uncancellable runs
/// share one set of options that is never terminated.
/// </summary>
internal readonly ref struct RunScope
{
    // Never terminated, so every uncancellable run can share it.
    private static readonly Ort.RunOptions Uncancellable = new();

    private readonly CancellationToken _token;
    private readonly CancellationTokenRegistration _registration;

    private RunScope(Ort.RunOptions options, CancellationTokenRegistration registration, CancellationToken token)
    {
        _token = token;
        Options = options;
        _registration = registration;
    }

    public Ort.RunOptions Options { get; }

    public static RunScope Start(CancellationToken token)
    {
        if (!token.CanBeCanceled)
        {
            return new RunScope(Uncancellable, default, token);
        }

        var options = new Ort.RunOptions();
        var registration = token.UnsafeRegister(static state => ((Ort.RunOptions)state!).Terminate = true, options);
        return new RunScope(options, registration, token);
    }

    /// <summary>ONNX Runtime's error as <see cref="OrtException"/>, or <see cref="OperationCanceledException"/> for a run the token stopped.</summary>
    public Exception Translate(Ort.OnnxRuntimeException error)
    {
        var ours = OrtException.From(error);
        return _token.IsCancellationRequested
            ? new OperationCanceledException("The ONNX Runtime run was cancelled.", ours, _token)
            : ours;
    }

    public void Dispose()
    {
        // Disposing the registration waits for a callback in flight, so the options outlive it.
        _registration.Dispose();
        if (!ReferenceEquals(Options, Uncancellable))
        {
            Options.Dispose();
        }
    }
}
