using Taco.Onnx.Interop;

namespace Taco.Onnx;

/// <summary>
/// Native run options for one cancellable run: the token's callback sets ONNX Runtime's terminate
/// flag, which stops the run between kernels. Uncancellable runs pass no options at all.
/// </summary>
internal unsafe ref struct RunScope
{
    private readonly OnnxRuntime _runtime;
    private readonly CancellationToken _token;
    private OrtHandle? _options;
    private CancellationTokenRegistration _registration;

    private RunScope(OnnxRuntime runtime, CancellationToken token)
    {
        _runtime = runtime;
        _token = token;
    }

    public readonly nint Pointer => _options?.DangerousGetHandle() ?? 0;

    public static RunScope Start(OnnxRuntime runtime, CancellationToken token)
    {
        var scope = new RunScope(runtime, token);
        if (token.CanBeCanceled)
        {
            nint native;
            runtime.Check(runtime.Api->CreateRunOptions(&native));
            var options = new OrtHandle(native, runtime.Api->ReleaseRunOptions);
            scope._options = options;
            scope._registration = token.UnsafeRegister(
                static state =>
                {
                    var (rt, handle) = ((OnnxRuntime, OrtHandle))state!;
                    var added = false;
                    handle.DangerousAddRef(ref added);
                    try
                    {
                        rt.Check(rt.Api->RunOptionsSetTerminate(handle.DangerousGetHandle()));
                    }
                    finally
                    {
                        handle.DangerousRelease();
                    }
                },
                (runtime, options));
        }

        return scope;
    }

    /// <summary>Throws for a failed status; a run stopped by the token becomes <see cref="OperationCanceledException"/>.</summary>
    public readonly void ThrowIfFailed(nint status)
    {
        if (status == 0)
        {
            return;
        }

        var error = _runtime.TakeError(status)!;
        if (_token.IsCancellationRequested)
        {
            throw new OperationCanceledException("The ONNX Runtime run was cancelled.", error, _token);
        }

        throw error;
    }

    public void Dispose()
    {
        // Disposing the registration waits for a callback in flight, so the options outlive it.
        _registration.Dispose();
        _options?.Dispose();
    }
}
