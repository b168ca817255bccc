namespace Taco.Onnx;

/// <summary>The ONNX Runtime shared library could not be found or loaded.</summary>
public sealed class OrtLibraryNotFoundException : Exception
{
    public OrtLibraryNotFoundException(string message, IReadOnlyList<string> placesTried)
        : base(message)
    {
        PlacesTried = placesTried;
    }

    public OrtLibraryNotFoundException()
        : this("ONNX Runtime was not found.", [])
    {
    }

    public OrtLibraryNotFoundException(string message)
        : this(message, [])
    {
    }

    public OrtLibraryNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        PlacesTried = [];
    }

    public IReadOnlyList<string> PlacesTried { get; }
}
