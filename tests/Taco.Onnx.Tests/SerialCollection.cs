namespace Taco.Onnx.Tests;

/// <summary>Tests that read process-wide figures (resident memory) run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}
