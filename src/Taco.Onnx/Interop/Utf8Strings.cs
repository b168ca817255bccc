using System.Runtime.InteropServices;
using System.Text;

namespace Taco.Onnx.Interop;

/// <summary>Native, null-terminated UTF-8 copies of strings that live as long as their owner.</summary>
internal sealed unsafe class Utf8Strings : IDisposable
{
    private readonly nint[] _pointers;

    public Utf8Strings(IReadOnlyList<string> values)
    {
        _pointers = new nint[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            _pointers[i] = Allocate(values[i]);
        }
    }

    public int Count => _pointers.Length;

    public byte* this[int index] => (byte*)_pointers[index];

    public static nint Allocate(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        var p = (byte*)NativeMemory.Alloc((nuint)bytes + 1);
        Encoding.UTF8.GetBytes(value, new Span<byte>(p, bytes));
        p[bytes] = 0;
        return (nint)p;
    }

    public void Dispose()
    {
        for (var i = 0; i < _pointers.Length; i++)
        {
            NativeMemory.Free((void*)_pointers[i]);
            _pointers[i] = 0;
        }
    }
}
