namespace Taco.Onnx;

/// <summary>
/// One input or output of a model. <see cref="Shape"/> holds -1 for a dimension that is not fixed;
/// <see cref="SymbolicDimensions"/> holds its name (e.g. <c>batch_size</c>, <c>past_sequence_length</c>) or an empty string.
/// </summary>
public sealed record NodeMetadata(
    string Name,
    OnnxValueType ValueType,
    TensorElementType ElementType,
    IReadOnlyList<long> Shape,
    IReadOnlyList<string> SymbolicDimensions)
{
    public override string ToString()
    {
        var dims = Shape.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : SymbolicDimensions[i].Length > 0 ? SymbolicDimensions[i] : "?");
        return ValueType == OnnxValueType.Tensor
            ? $"{Name}: {ElementType}[{string.Join(", ", dims)}]"
            : $"{Name}: {ValueType}";
    }
}
