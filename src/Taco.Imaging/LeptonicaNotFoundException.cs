namespace Taco.Imaging;

/// <summary>The Leptonica shared library (Debian <c>liblept5</c>) could not be found or loaded.</summary>
public sealed class LeptonicaNotFoundException : Exception
{
    public LeptonicaNotFoundException(string message, IReadOnlyList<string> placesTried)
        : base(message)
    {
        PlacesTried = placesTried;
    }

    public LeptonicaNotFoundException()
        : this("Leptonica was not found.", [])
    {
    }

    public LeptonicaNotFoundException(string message)
        : this(message, [])
    {
    }

    public LeptonicaNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        PlacesTried = [];
    }

    /// <summary>The library names and paths that were tried, in order.</summary>
    public IReadOnlyList<string> PlacesTried { get; }
}
