using Ort = Microsoft.ML.OnnxRuntime;

namespace Taco.Onnx;

/// <summary>
/// Run options for one cancellable run: the token's callback sets ONNX Runtime's terminate flag
/// (<see cref="Ort.RunOptions.Terminate"/>), which stops the run between kernels. Uncancellable runs
/// share one set of options that is never terminated. A caller that runs often (<see cref="PreparedRun"/>, <see cref="IoBinding"/>)
/// lends its own options instead of a new set per run; the flag is cleared again after a cancelled run.
/// </summary>
internal readonly ref struct RunScope
{
    // Never terminated, so every uncancellable run can share it.
    private static readonly Ort.RunOptions Uncancellable = new();

    private readonly CancellationToken _token;
    private readonly CancellationTokenRegistration _registration;
    private readonly bool _owned;

    private RunScope(Ort.RunOptions options, CancellationTokenRegistration registration, bool owned, CancellationToken token)
    {
        _token = token;
        Options = options;
        _registration = registration;
        _owned = owned;
    }

    public Ort.RunOptions Options { get; }

    public static RunScope Start(CancellationToken token) => Start(null, token);

    /// <summary>As <see cref="Start(CancellationToken)"/>, with <paramref name="reused"/> (when given) as the cancellable run's options.</summary>
    public static RunScope Start(Ort.RunOptions? reused, CancellationToken token)
    {
        if (!token.CanBeCanceled)
        {
            return new RunScope(Uncancellable, default, owned: false, token);
        }

        var options = reused ?? new Ort.RunOptions();
        var registration = token.UnsafeRegister(static state => ((Ort.RunOptions)state!).Terminate = true, options);
        return new RunScope(options, registration, owned: reused is null, token);
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
        // Disposing the registration waits for a callback in flight, so the options outlive it and, when reused,
        // no callback can set the flag after it is cleared here.
        _registration.Dispose();
        if (_owned)
        {
            Options.Dispose();
        }
        else if (!ReferenceEquals(Options, Uncancellable) && Options.Terminate)
        {
            Options.Terminate = false;
        }
    }
}
