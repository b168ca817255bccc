namespace Taco.Onnx;

/// <summary>
/// The execution provider asked for is not in the loaded ONNX Runtime, or is in it but cannot start
/// (CUDA without its libraries or a GPU). The message is one line naming the providers that exist.
/// </summary>
public sealed class ExecutionProviderException : InvalidOperationException
{
    public ExecutionProviderException()
    {
    }

    public ExecutionProviderException(string message)
        : base(message)
    {
    }

    public ExecutionProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
