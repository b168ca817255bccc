using System.Runtime.InteropServices;

namespace Taco.Imaging.Interop;

/// <summary>Owns one Leptonica <c>PIX*</c>; released with <c>pixDestroy(PIX**)</c>.</summary>
internal sealed class PixHandle : SafeHandle
{
    public PixHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    /// <summary>Wraps a pointer returned by a Leptonica function; null becomes an invalid handle.</summary>
    internal static PixHandle FromPointer(nint pix)
    {
        var result = new PixHandle();
        result.SetHandle(pix);
        return result;
    }

    protected override bool ReleaseHandle()
    {
        var pix = handle;
        Leptonica.pixDestroy(ref pix);
        return true;
    }
}
