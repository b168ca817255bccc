using System.Collections;

namespace Taco.Onnx;

/// <summary>The outputs of a run, by position and by name; disposing it releases every value.</summary>
public sealed class OrtValueCollection : IReadOnlyList<OrtValue>, IDisposable
{
    private readonly string[] _names;
    private readonly OrtValue[] _values;

    internal OrtValueCollection(string[] names, OrtValue[] values)
    {
        _names = names;
        _values = values;
    }

    public int Count => _values.Length;

    public IReadOnlyList<string> Names => _names;

    public OrtValue this[int index] => _values[index];

    public OrtValue this[string name]
    {
        get
        {
            var i = Array.IndexOf(_names, name);
            return i >= 0 ? _values[i] : throw new KeyNotFoundException($"No output named '{name}'. Outputs: {string.Join(", ", _names)}.");
        }
    }

    /// <summary>Takes ownership of one value out of the collection, so disposing the collection leaves it alive.</summary>
    public OrtValue Detach(string name)
    {
        var i = Array.IndexOf(_names, name);
        if (i < 0 || _values[i] is null)
        {
            throw new KeyNotFoundException($"No output named '{name}'.");
        }

        var value = _values[i];
        _values[i] = null!;
        return value;
    }

    public IEnumerator<OrtValue> GetEnumerator() => ((IEnumerable<OrtValue>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        foreach (var value in _values)
        {
            value?.Dispose();
        }
    }
}
