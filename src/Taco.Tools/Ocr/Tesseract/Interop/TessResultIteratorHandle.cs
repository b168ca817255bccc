using System.Runtime.InteropServices;

namespace Taco.Tools.Ocr.Tesseract.Interop;

/// <summary>
/// Owns a <c>TessResultIterator*</c>. It points into its API's last recognition, so it
/// keeps a reference on the API handle until it is released.
/// </summary>
internal sealed class TessResultIteratorHandle : SafeHandle
{
    private TessBaseApiHandle? _parent;

    public TessResultIteratorHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>The iterator for the API's last <c>Recognize</c>, or null when nothing was found.</summary>
    public static TessResultIteratorHandle? Create(TessBaseApiHandle api)
    {
        var added = false;
        api.DangerousAddRef(ref added);
        var ptr = TessNative.TessBaseAPIGetIterator(api);
        if (ptr == IntPtr.Zero)
        {
            api.DangerousRelease();
            return null;
        }

        var h = new TessResultIteratorHandle { _parent = api };
        h.SetHandle(ptr);
        return h;
    }

    protected override bool ReleaseHandle()
    {
        TessNative.TessResultIteratorDelete(handle);
        _parent?.DangerousRelease();
        _parent = null;
        return true;
    }
}
