using System.Runtime.InteropServices;

namespace Taco.Imaging.Interop;

/// <summary>
/// The plain C exports of Leptonica (1.82 ABI, Debian <c>liblept5</c>) that Taco.Imaging uses.
/// Names mirror the C API. Callers go through <see cref="LeptonicaLibrary.EnsureLoaded"/> first so a
/// missing library is a clear exception rather than a <see cref="DllNotFoundException"/>.
/// </summary>
internal static unsafe partial class Leptonica
{
    internal const string LibraryName = "lept";

    // Pix lifetime and accessors. The accessors are used instead of reading struct Pix directly
    // because Leptonica 1.83+ made the struct opaque.
    [LibraryImport(LibraryName)]
    internal static partial nint pixCreate(int width, int height, int depth);

    [LibraryImport(LibraryName)]
    internal static partial void pixDestroy(ref nint ppix);

    [LibraryImport(LibraryName)]
    internal static partial int pixGetWidth(PixHandle pix);

    [LibraryImport(LibraryName)]
    internal static partial int pixGetHeight(PixHandle pix);

    [LibraryImport(LibraryName)]
    internal static partial int pixGetDepth(PixHandle pix);

    [LibraryImport(LibraryName)]
    internal static partial int pixGetSpp(PixHandle pix);

    [LibraryImport(LibraryName)]
    internal static partial int pixSetSpp(PixHandle pix, int spp);

    [LibraryImport(LibraryName)]
    internal static partial int pixGetWpl(PixHandle pix);

    [LibraryImport(LibraryName)]
    internal static partial uint* pixGetData(PixHandle pix);

    [LibraryImport(LibraryName)]
    internal static partial nint pixGetColormap(PixHandle pix);

    // Reading. pixReadMem dispatches on Leptonica's own format sniffing; JPEG goes through
    // pixReadMemJpeg directly so the CMYK/warning parameters are explicit.
    [LibraryImport(LibraryName)]
    internal static partial nint pixReadMem(byte* data, nuint size);

    [LibraryImport(LibraryName)]
    internal static partial nint pixReadMemJpeg(byte* data, nuint size, int cmapflag, int reduction, int* pnwarn, int hint);

    [LibraryImport(LibraryName)]
    internal static partial void l_pngSetReadStrip16To8(int flag);

    // Conversion.
    [LibraryImport(LibraryName)]
    internal static partial nint pixConvertTo32(PixHandle pix);

    // Writing. The returned buffer is owned by Leptonica's allocator and freed with lept_free.
    [LibraryImport(LibraryName)]
    internal static partial int pixWriteMemPng(byte** pdata, nuint* psize, PixHandle pix, float gamma);

    [LibraryImport(LibraryName)]
    internal static partial int pixSetZlibCompression(PixHandle pix, int compval);

    [LibraryImport(LibraryName)]
    internal static partial int pixWriteMemJpeg(byte** pdata, nuint* psize, PixHandle pix, int quality, int progressive);

    [LibraryImport(LibraryName)]
    internal static partial void lept_free(void* ptr);

    // Diagnostics: Leptonica prints errors and warnings to stderr unless a handler is installed.
    [LibraryImport(LibraryName)]
    internal static partial int setMsgSeverity(int newsev);

    [LibraryImport(LibraryName)]
    internal static partial void leptSetStderrHandler(delegate* unmanaged[Cdecl]<byte*, void> handler);
}
