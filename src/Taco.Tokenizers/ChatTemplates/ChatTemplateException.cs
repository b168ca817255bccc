namespace Taco.Tokenizers.ChatTemplates;

/// <summary>A chat template that does not parse, or that refused a conversation (raise_exception).</summary>
public sealed class ChatTemplateException : Exception
{
    public ChatTemplateException()
    {
    }

    public ChatTemplateException(string message)
        : base(message)
    {
    }

    public ChatTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
