namespace Taco.Tools.Depth;

/// <summary>A depth model directory that cannot be used: a missing file, an unreadable config, a graph in another layout.</summary>
public sealed class DepthModelException : Exception
{
    public DepthModelException()
        : base("The depth model cannot be used.")
    {
    }

    public DepthModelException(string message)
        : base(message)
    {
    }

    public DepthModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
