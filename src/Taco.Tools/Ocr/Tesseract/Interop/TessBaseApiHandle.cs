using System.Runtime.InteropServices;

namespace Taco.Tools.Ocr.Tesseract.Interop;

/// <summary>Owns a <c>TessBaseAPI*</c>; release ends it (frees the model) and deletes it.</summary>
internal sealed class TessBaseApiHandle : SafeHandle
{
    public TessBaseApiHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    public static TessBaseApiHandle Create()
    {
        TessNative.EnsureResolver();
        var h = new TessBaseApiHandle();
        h.SetHandle(TessNative.TessBaseAPICreate());
        if (h.IsInvalid)
        {
            throw new TesseractException("TessBaseAPICreate returned null (out of memory?).");
        }

        return h;
    }

    protected override bool ReleaseHandle()
    {
        TessNative.TessBaseAPIEnd(handle);
        TessNative.TessBaseAPIDelete(handle);
        return true;
    }
}
