using System.Runtime.InteropServices;

namespace Taco.Onnx.Interop;

/// <summary>
/// Owns one ONNX Runtime object and the function that releases it. A child (a session of an
/// environment, a value of a session's allocator) holds a reference on its parent, so the
/// parent outlives it whatever order the GC finalizes them in.
/// </summary>
internal sealed unsafe class OrtHandle : SafeHandle
{
    private readonly delegate* unmanaged<nint, void> _release;
    private readonly SafeHandle? _parent;

    public OrtHandle(nint native, delegate* unmanaged<nint, void> release, SafeHandle? parent = null)
        : base(0, ownsHandle: true)
    {
        _release = release;
        if (parent is not null)
        {
            var added = false;
            parent.DangerousAddRef(ref added);
            _parent = parent;
        }

        SetHandle(native);
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>Keeps the handle alive for the duration of a native call.</summary>
    public Lease Use() => new(this);

    protected override bool ReleaseHandle()
    {
        _release(handle);
        _parent?.DangerousRelease();
        return true;
    }

    internal readonly ref struct Lease
    {
        private readonly OrtHandle _owner;

        public Lease(OrtHandle owner)
        {
            var added = false;
            owner.DangerousAddRef(ref added);
            _owner = owner;
            Pointer = owner.handle;
        }

        public nint Pointer { get; }

        public void Dispose() => _owner.DangerousRelease();
    }
}
