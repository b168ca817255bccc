using System.Runtime.InteropServices;
using Taco.Imaging;
using Taco.Tools.Ocr.Tesseract.Interop;

namespace Taco.Tools.Ocr.Tesseract;

/// <summary>
/// One initialised Tesseract instance. Not thread-safe (a native handle serves one image
/// at a time); <see cref="TesseractOcrEngine"/> pools these.
/// </summary>
public sealed class TesseractInstance : IDisposable
{
    // Tesseract's initialisation touches process-wide state (locale, dictionaries); one at a time.
    private static readonly Lock InitLock = new();

    private readonly TessBaseApiHandle _api;
    private readonly int _dpi;

    private TesseractInstance(TessBaseApiHandle api, int dpi, string dataPath)
    {
        _api = api;
        _dpi = dpi;
        DataPath = dataPath;
    }

    /// <summary>The folder the language data was loaded from.</summary>
    public string DataPath { get; }

    /// <summary>Version string of the loaded library, e.g. <c>5.3.0</c>.</summary>
    public static string Version
    {
        get
        {
            TessNative.EnsureResolver();
            return Marshal.PtrToStringUTF8(TessNative.TessVersion()) ?? "unknown";
        }
    }

    public static TesseractInstance Create(TesseractOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dataPath = TessdataLocator.Locate(options.DataPath, options.Language);
        lock (InitLock)
        {
            var api = TessBaseApiHandle.Create();
            try
            {
                // Tesseract chats on stderr ("Estimating resolution as …"); send its debug stream nowhere.
                var variables = options.ParseVariables();
                string[] names = ["debug_file", .. variables.Select(v => v.Key)];
                string[] values = [OperatingSystem.IsWindows() ? "NUL" : "/dev/null", .. variables.Select(v => v.Value)];
                var rc = Init(api, dataPath, options.Language, names, values);
                if (rc != 0)
                {
                    throw new TesseractException(
                        $"Tesseract could not load language '{options.Language}' from '{dataPath}' (TessBaseAPIInit4 returned {rc}); the traineddata file may be corrupt or from an incompatible version.");
                }

                return new TesseractInstance(api, options.Dpi, dataPath);
            }
            catch
            {
                api.Dispose();
                throw;
            }
        }
    }

    private static int Init(TessBaseApiHandle api, string dataPath, string language, string[] names, string[] values)
    {
        var n = new IntPtr[names.Length];
        var v = new IntPtr[values.Length];
        try
        {
            for (var k = 0; k < names.Length; k++)
            {
                n[k] = Marshal.StringToCoTaskMemUTF8(names[k]);
                v[k] = Marshal.StringToCoTaskMemUTF8(values[k]);
            }

            // Tesseract wants the datapath with a trailing separator on some versions.
            var path = dataPath.EndsWith(Path.DirectorySeparatorChar) ? dataPath : dataPath + Path.DirectorySeparatorChar;
            return TessNative.TessBaseAPIInit4(api, path, language, TessOcrEngineMode.OEM_LSTM_ONLY, IntPtr.Zero, 0, n, v, (nuint)names.Length, 0);
        }
        finally
        {
            foreach (var p in n.Concat(v).Where(p => p != IntPtr.Zero))
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    /// <summary>
    /// Recognises the image and returns its text lines in Tesseract's order, boxes as
    /// fractions of this image, confidence 0–1.
    /// </summary>
    public IReadOnlyList<OcrLine> RecognizeLines(RgbImage image, PageSegmentation segmentation = PageSegmentation.SparseText)
    {
        ArgumentNullException.ThrowIfNull(image);
        return RecognizeLines(TesseractImage.Of(image), segmentation);
    }

    /// <inheritdoc cref="RecognizeLines(RgbImage, PageSegmentation)"/>
    internal IReadOnlyList<OcrLine> RecognizeLines(TesseractImage image, PageSegmentation segmentation)
    {
        ObjectDisposedException.ThrowIf(_api.IsClosed, this);
        try
        {
            SetPage(image, segmentation);
            var rc = TessNative.TessBaseAPIRecognize(_api, IntPtr.Zero);
            if (rc != 0)
            {
                throw new TesseractException($"Tesseract failed to recognise a {image.Width}×{image.Height} image (TessBaseAPIRecognize returned {rc}).");
            }

            return ReadLines(image.Width, image.Height);
        }
        finally
        {
            TessNative.TessBaseAPIClear(_api);
        }
    }

    /// <summary>Gives Tesseract the page to read: segmentation mode, pixels and resolution.</summary>
    private void SetPage(TesseractImage image, PageSegmentation segmentation)
    {
        TessNative.TessBaseAPISetPageSegMode(_api, (TessPageSegMode)(int)segmentation);
        unsafe
        {
            fixed (byte* pixels = image.Pixels.Span)
            {
                // SetImage copies the pixels into Tesseract's own image, so the pin ends here.
                TessNative.TessBaseAPISetImage(_api, pixels, image.Width, image.Height, image.BytesPerPixel, image.Stride);
            }
        }

        TessNative.TessBaseAPISetSourceResolution(_api, _dpi);
    }

    /// <summary>The page text exactly as Tesseract's own <c>GetUTF8Text</c> lays it out (for comparison and debugging).</summary>
    public string RecognizeText(RgbImage image, PageSegmentation segmentation = PageSegmentation.SparseText)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_api.IsClosed, this);
        var pixels = TesseractImage.Of(image);
        try
        {
            SetPage(pixels, segmentation);
            return TessNative.TakeText(TessNative.TessBaseAPIGetUTF8Text(_api)) ?? string.Empty;
        }
        finally
        {
            TessNative.TessBaseAPIClear(_api);
        }
    }

    private List<OcrLine> ReadLines(int width, int height)
    {
        var lines = new List<OcrLine>();
        using var it = TessResultIteratorHandle.Create(_api);
        if (it is null)
        {
            return lines;
        }

        const TessPageIteratorLevel Line = TessPageIteratorLevel.RIL_TEXTLINE;
        var page = TessNative.TessResultIteratorGetPageIterator(it);
        do
        {
            var text = TessNative.TakeText(TessNative.TessResultIteratorGetUTF8Text(it, Line))?.Trim();
            if (string.IsNullOrEmpty(text) || TessNative.TessPageIteratorBoundingBox(page, Line, out var l, out var t, out var r, out var b) == 0)
            {
                continue;
            }

            var confidence = Math.Clamp(TessNative.TessResultIteratorConfidence(it, Line) / 100.0, 0, 1);
            var box = new BoundingBox(
                Math.Clamp((double)l / width, 0, 1),
                Math.Clamp((double)t / height, 0, 1),
                Math.Clamp((double)r / width, 0, 1),
                Math.Clamp((double)b / height, 0, 1));
            lines.Add(new OcrLine(CollapseSpaces(text), box, confidence));
        }
        while (TessNative.TessResultIteratorNext(it, Line) != 0);
        GC.KeepAlive(it);
        return lines;
    }

    private static string CollapseSpaces(string s) =>
        string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    public void Dispose() => _api.Dispose();
}
