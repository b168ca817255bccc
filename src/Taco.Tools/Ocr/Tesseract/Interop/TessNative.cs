using System.Reflection;
using System.Runtime.InteropServices;

namespace Taco.Tools.Ocr.Tesseract.Interop;

/// <summary>
/// The plain C exports of Tesseract 5 (<c>capi.h</c>) that taco uses. The library is
/// resolved explicitly (see <see cref="TesseractLibrary"/>) so a missing install is a clear
/// error rather than a <see cref="DllNotFoundException"/> deep inside a call.
/// </summary>
internal static partial class TessNative
{
    public const string Library = "tesseract";

    static TessNative() => NativeLibrary.SetDllImportResolver(typeof(TessNative).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) =>
        name == Library ? TesseractLibrary.Handle : IntPtr.Zero;

    /// <summary>Runs the static constructor (installs the resolver) before the first P/Invoke.</summary>
    public static void EnsureResolver()
    {
    }

    [LibraryImport(Library)]
    public static partial IntPtr TessVersion();

    [LibraryImport(Library)]
    public static partial void TessDeleteText(IntPtr text);

    [LibraryImport(Library)]
    public static partial IntPtr TessBaseAPICreate();

    [LibraryImport(Library)]
    public static partial void TessBaseAPIDelete(IntPtr handle);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPIInit3(TessBaseApiHandle handle, string? datapath, string language);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPIInit4(
        TessBaseApiHandle handle,
        string? datapath,
        string language,
        TessOcrEngineMode mode,
        IntPtr configs,
        int configsSize,
        IntPtr[] varsVec,
        IntPtr[] varsValues,
        nuint varsVecSize,
        int setOnlyNonDebugParams);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPISetVariable(TessBaseApiHandle handle, string name, string value);

    [LibraryImport(Library)]
    public static partial void TessBaseAPISetPageSegMode(TessBaseApiHandle handle, TessPageSegMode mode);

    [LibraryImport(Library)]
    public static unsafe partial void TessBaseAPISetImage(TessBaseApiHandle handle, byte* imagedata, int width, int height, int bytesPerPixel, int bytesPerLine);

    [LibraryImport(Library)]
    public static partial void TessBaseAPISetSourceResolution(TessBaseApiHandle handle, int ppi);

    [LibraryImport(Library)]
    public static partial int TessBaseAPIRecognize(TessBaseApiHandle handle, IntPtr monitor);

    [LibraryImport(Library)]
    public static partial IntPtr TessBaseAPIGetUTF8Text(TessBaseApiHandle handle);

    [LibraryImport(Library)]
    public static partial IntPtr TessBaseAPIGetIterator(TessBaseApiHandle handle);

    [LibraryImport(Library)]
    public static partial void TessBaseAPIClear(TessBaseApiHandle handle);

    [LibraryImport(Library)]
    public static partial void TessBaseAPIEnd(IntPtr handle);

    [LibraryImport(Library)]
    public static partial void TessResultIteratorDelete(IntPtr handle);

    /// <summary>Returns the same object viewed as a page iterator; it must not be deleted separately.</summary>
    [LibraryImport(Library)]
    public static partial IntPtr TessResultIteratorGetPageIterator(TessResultIteratorHandle handle);

    [LibraryImport(Library)]
    public static partial int TessResultIteratorNext(TessResultIteratorHandle handle, TessPageIteratorLevel level);

    [LibraryImport(Library)]
    public static partial IntPtr TessResultIteratorGetUTF8Text(TessResultIteratorHandle handle, TessPageIteratorLevel level);

    [LibraryImport(Library)]
    public static partial float TessResultIteratorConfidence(TessResultIteratorHandle handle, TessPageIteratorLevel level);

    [LibraryImport(Library)]
    public static partial int TessPageIteratorBoundingBox(IntPtr handle, TessPageIteratorLevel level, out int left, out int top, out int right, out int bottom);

    /// <summary>Copies a Tesseract-allocated UTF-8 string and frees it with <c>TessDeleteText</c>.</summary>
    public static string? TakeText(IntPtr text)
    {
        if (text == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(text);
        }
        finally
        {
            TessDeleteText(text);
        }
    }
}
