namespace Taco.Tokenizers;

/// <summary>A tokenizer or chat-template file that cannot be used, with the file and the reason.</summary>
public sealed class TokenizerException : Exception
{
    public TokenizerException()
    {
    }

    public TokenizerException(string message)
        : base(message)
    {
    }

    public TokenizerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TokenizerException(string? filePath, string reason, Exception? innerException = null)
        : base(filePath is null ? reason : $"{filePath}: {reason}", innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The file at fault, when there is one.</summary>
    public string? FilePath { get; }
}
