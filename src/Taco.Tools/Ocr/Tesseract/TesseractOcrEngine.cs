using System.Collections.Concurrent;
using Taco.Imaging;
using Taco.Tools.Ocr.Tesseract.Interop;

namespace Taco.Tools.Ocr.Tesseract;

/// <summary>
/// Tesseract as an <see cref="IOcrEngine"/>: prepares the image, lends one pooled
/// <see cref="TesseractInstance"/> per call (instances are created on first need and then reused for the life of
/// the process), and arranges the lines in reading order.
/// </summary>
public sealed class TesseractOcrEngine : IOcrEngine, IDisposable
{
    private static readonly ConcurrentDictionary<TesseractOptions, Lazy<TesseractOcrEngine>> SharedEngines = new();

    private readonly ConcurrentBag<TesseractInstance> _idle = [];
    private readonly SemaphoreSlim _gate;
    private readonly List<TesseractInstance> _all = [];
    private readonly Lock _allLock = new();
    private bool _disposed;

    public TesseractOcrEngine(TesseractOptions? options = null)
    {
        Options = options ?? TesseractOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.MaxEngines, 1);
        _gate = new SemaphoreSlim(Options.MaxEngines, Options.MaxEngines);
    }

    public TesseractOptions Options { get; }

    public string Name => "tesseract";

    /// <summary>Number of <see cref="TesseractInstance"/>s initialised so far.</summary>
    public int EngineCount
    {
        get
        {
            lock (_allLock)
            {
                return _all.Count;
            }
        }
    }

    /// <summary>The process-wide pool for these options, so the model loads once per process.</summary>
    public static TesseractOcrEngine Shared(TesseractOptions? options = null) =>
        SharedEngines.GetOrAdd(options ?? TesseractOptions.Default, o => new Lazy<TesseractOcrEngine>(() => new TesseractOcrEngine(o))).Value;

    /// <summary>
    /// Why Tesseract cannot run here, in one line with how to install it (the library does not load, or the
    /// language data is not found); null when it can. Tesseract is optional: <c>auto</c> OCR does without it.
    /// </summary>
    public static string? Unavailable(TesseractOptions? options = null)
    {
        options ??= TesseractOptions.Default;
        try
        {
            _ = TesseractLibrary.Handle;
            _ = TessdataLocator.Locate(options.DataPath, options.Language);
            return null;
        }
        catch (TesseractException e)
        {
            return string.Join(' ', e.Message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        }
    }

    /// <summary>Initialises one instance now (fails early with a clear error if Tesseract or its data is missing).</summary>
    public void WarmUp() => Return(Rent(CancellationToken.None));

    public OcrResult Recognize(RgbImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var prep = Options.Preprocessing;
        var instance = Rent(cancellationToken);
        try
        {
            var first = Prepare(image, prep.Scale, prep);
            var lines = Best(instance, first);
            cancellationToken.ThrowIfCancellationRequested();

            if (prep.AdaptiveMinLineHeight > 0 && SecondScale(lines, first, prep) is { } scale)
            {
                var second = Best(instance, Prepare(image, prep.Scale * scale, prep));
                if (Score(second) > Score(lines))
                {
                    lines = second;
                }
            }

            return OcrReadingOrder.Arrange(lines);
        }
        finally
        {
            Return(instance);
        }
    }

    private IReadOnlyList<OcrLine> Best(TesseractInstance instance, TesseractImage image)
    {
        var lines = instance.RecognizeLines(image, Options.PageSegmentation);
        if (Options.AlternateSegmentation is { } alternate && alternate != Options.PageSegmentation)
        {
            var other = instance.RecognizeLines(image, alternate);
            if (Score(other) > Score(lines))
            {
                lines = other;
            }
        }

        return lines;
    }

    // Enlarge when text is small (median line height under the target) or nothing was found in a small image.
    private static double? SecondScale(IReadOnlyList<OcrLine> lines, TesseractImage prepared, OcrPreprocessing prep)
    {
        double scale;
        if (lines.Count == 0)
        {
            scale = 2;
        }
        else
        {
            var heights = lines.Select(l => l.Box.Height * prepared.Height).Order().ToList();
            var median = heights[heights.Count / 2];
            if (median >= prep.AdaptiveMinLineHeight)
            {
                return null;
            }

            scale = Math.Clamp(prep.AdaptiveMinLineHeight / Math.Max(median, 1), 1.5, 4);
        }

        var pixels = (double)prepared.Width * prepared.Height * scale * scale;
        if (pixels > prep.MaxPixels)
        {
            scale = Math.Sqrt(prep.MaxPixels / ((double)prepared.Width * prepared.Height));
        }

        return scale >= 1.25 ? scale : null;
    }

    // Confidence-weighted amount of text: prefers reading more characters confidently;
    // squaring keeps low-confidence junk from outvoting a clean reading.
    private static double Score(IReadOnlyList<OcrLine> lines) => lines.Sum(l => l.Text.Length * l.Confidence * l.Confidence);

    private static TesseractImage Prepare(RgbImage image, double scale, OcrPreprocessing prep)
    {
        var pixels = (double)image.Width * image.Height * scale * scale;
        if (pixels > prep.MaxPixels)
        {
            scale = Math.Sqrt(prep.MaxPixels / ((double)image.Width * image.Height));
        }

        var enlarge = scale > 1.01;
        if (!prep.Grayscale && !prep.StretchContrast && !enlarge)
        {
            return TesseractImage.Of(image);
        }

        var gray = OcrImageOps.ToGray(image);
        if (prep.StretchContrast)
        {
            OcrImageOps.StretchContrast(gray);
        }

        var w = image.Width;
        var h = image.Height;
        if (enlarge)
        {
            var nw = (int)Math.Round(w * scale);
            var nh = (int)Math.Round(h * scale);
            gray = OcrImageOps.Resize(gray, w, h, nw, nh);
            (w, h) = (nw, nh);
        }

        return new TesseractImage(gray, w, h, BytesPerPixel: 1);
    }

    private TesseractInstance Rent(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _gate.Wait(cancellationToken);
        if (_idle.TryTake(out var instance))
        {
            return instance;
        }

        try
        {
            instance = TesseractInstance.Create(Options);
        }
        catch
        {
            _gate.Release();
            throw;
        }

        lock (_allLock)
        {
            _all.Add(instance);
        }

        return instance;
    }

    private void Return(TesseractInstance instance)
    {
        _idle.Add(instance);
        _gate.Release();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        lock (_allLock)
        {
            foreach (var e in _all)
            {
                e.Dispose();
            }

            _all.Clear();
        }

        _gate.Dispose();
    }
}
