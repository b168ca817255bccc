using System.Collections.Concurrent;
using Taco.Imaging;
using Taco.Onnx;

namespace Taco.Tools.Ocr.PpOcr;

/// <summary>
/// Scene-text OCR with PP-OCRv4 on ONNX Runtime: DB text detection, perspective crops of each
/// line, the optional 180° line classifier, batched CTC recognition, lines in reading order.
/// One engine is safe to use from several threads (ONNX Runtime sessions run concurrently).
/// </summary>
public sealed class PpOcrEngine : IOcrEngine, IDisposable
{
    /// <summary>Height in pixels of the line images the recognizer and the 180° classifier read.</summary>
    public const int LineHeight = 48;

    /// <summary>Width the 180° classifier reads every line image at.</summary>
    public const int ClassifierWidth = 192;

    private const int MaxLineWidth = LineHeight * 64;

    // Mean (max − min) over R, G, B below which a line counts as gray: JPEG noise and tinted paper stay under it, LED panels are far above.
    private const double MinRetryChroma = 16;

    // PaddleOCR's drop_score (lines the recognizer is less sure of are dropped) and cls_thresh (a line is
    // turned when the classifier is this sure it is upside down).
    private const double DropScore = 0.5;
    private const float AngleThreshold = 0.9f;

    private static readonly ConcurrentDictionary<PpOcrOptions, Lazy<PpOcrEngine>> SharedEngines = new();

    private readonly OnnxRuntime _runtime;
    private readonly InferenceSession _detector;
    private readonly InferenceSession _recognizer;
    private readonly InferenceSession? _classifier;
    private readonly CtcDecoder _decoder;
    private bool _disposed;

    public PpOcrEngine(PpOcrOptions? options = null, OnnxRuntime? runtime = null)
    {
        Options = options ?? PpOcrOptions.Default;
        Files = PpOcrModelLocator.Resolve(Options.ModelDirectory, Options.UseAngleClassifier);
        _decoder = CtcDecoder.FromKeyFile(Files.Keys);
        _runtime = runtime ?? OnnxRuntime.Initialize();
        var sessionOptions = new SessionOptions();
        _detector = Load(Files.Detector, sessionOptions);
        try
        {
            _recognizer = Load(Files.Recognizer, sessionOptions);
            _classifier = Files.Classifier is { } cls ? Load(cls, sessionOptions) : null;
        }
        catch
        {
            _detector.Dispose();
            _recognizer?.Dispose();
            throw;
        }

        var classes = _recognizer.Outputs[0].Shape is [.., var last] ? last : -1;
        if (classes > 0 && classes != _decoder.ClassCount)
        {
            Dispose();
            throw new InvalidDataException(
                $"PP-OCR key list {Files.Keys} gives {_decoder.ClassCount - 2} characters, but the recognizer {Files.Recognizer} "
                + $"scores {classes - 2}: the key list does not belong to this model.");
        }
    }

    public PpOcrOptions Options { get; }

    public PpOcrModelFiles Files { get; }

    public string Name => "ppocr";

    /// <summary>The process-wide engine for these options, so the models load once per process.</summary>
    public static PpOcrEngine Shared(PpOcrOptions? options = null) =>
        SharedEngines.GetOrAdd(options ?? PpOcrOptions.Default, o => new Lazy<PpOcrEngine>(() => new PpOcrEngine(o))).Value;

    public OcrResult Recognize(RgbImage image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var quads = Detect(image, cancellationToken);
        if (quads.Count == 0)
        {
            return OcrResult.Empty;
        }

        var crops = quads.Select(q => Crop(image, q, Options.LineSampling)).ToList();
        cancellationToken.ThrowIfCancellationRequested();
        var turned = _classifier is not null ? Orient(crops, cancellationToken) : [];
        var read = Read(crops, cancellationToken);
        // The 180° classifier is wrong often enough on digits that read the same both ways up
        // (seven-segment "3.90" vs "06'E") that its verdict is checked: each line it turned is
        // also read as it was, and the recognizer's more confident reading wins.
        ReadAgain(crops, read, turned, c => PpOcrImage.Rotated180(c.Rgb), cancellationToken);

        if (Options.LedRetry)
        {
            // LED digits read badly as found: seven-segment digits whose unlit segments are faintly visible read
            // as "8.88", dot-matrix digits as scattered dots. A second view fixes both: the brightest of R, G and
            // B (unlit segments sink into the panel, lit ones stay at full brightness), box-blurred so the dots
            // of a dot-matrix stroke merge into a line. Coloured lines with digits are read that way too and
            // the more confident reading wins. Gray lines (scans, receipts) are not re-read: their brightest
            // channel is the line itself.
            var digits = Enumerable.Range(0, crops.Count)
                .Where(i => read[i].Text.Any(char.IsAsciiDigit) && PpOcrImage.MeanChroma(crops[i].Rgb) >= MinRetryChroma)
                .ToList();
            ReadAgain(crops, read, digits, c => PpOcrImage.LedView(c.Rgb, c.Width, Options.LedBlurRadius), cancellationToken);
        }

        var lines = new List<OcrLine>();
        for (var i = 0; i < quads.Count; i++)
        {
            var (text, confidence) = read[i];
            text = text.Trim();
            if (Options.RepairNumberConfusables)
            {
                text = NumberConfusables.Repair(text);
            }

            if (text.Length == 0 || confidence < DropScore)
            {
                continue;
            }

            lines.Add(new OcrLine(text, Normalized(quads[i], image.Width, image.Height), confidence));
        }

        // DB boxes are unclipped past the ink, so words of one row overlap a little: allow a third of the narrower.
        return OcrReadingOrder.Arrange(lines, horizontalOverlapTolerance: 1.0 / 3);
    }

    private InferenceSession Load(string path, SessionOptions sessionOptions)
    {
        try
        {
            return InferenceSession.FromFile(_runtime, path, sessionOptions);
        }
        catch (OrtException e)
        {
            throw new InvalidDataException(
                $"PP-OCR model {path} could not be loaded ({e.NativeMessage}). The file may be damaged or not an ONNX model; re-run {PpOcrModelLocator.InstallCommand}.",
                e);
        }
    }

    /// <summary>Text quads in image pixels, tl/tr/br/bl.</summary>
    private List<double[]> Detect(RgbImage image, CancellationToken cancellationToken)
    {
        var (width, height) = (image.Width, image.Height);
        var longer = Math.Max(width, height);
        var ratio = longer > Options.DetectionSideLimit ? (double)Options.DetectionSideLimit / longer
            : longer < Options.DetectionMinSide ? (double)Options.DetectionMinSide / longer
            : 1.0;
        var rw = Math.Max(32, (int)Math.Round(width * ratio / 32) * 32);
        var rh = Math.Max(32, (int)Math.Round(height * ratio / 32) * 32);
        var input = new float[3 * rw * rh];
        PpOcrImage.ToDetectorTensor(image.Pixels, width, height, rw, rh, input, Options.DetectionScaling);
        cancellationToken.ThrowIfCancellationRequested();
        using var tensor = OrtValue.CreateTensor(_runtime, input, 1, 3, rh, rw);
        using var outputs = _detector.Run(new Dictionary<string, OrtValue> { [_detector.Inputs[0].Name] = tensor }, cancellationToken: cancellationToken);
        var map = outputs[0].GetTensorSpan<float>();
        var boxes = DbPostProcess.Boxes(map, rw, rh, Options);

        var quads = new List<double[]>(boxes.Count);
        var sx = (double)width / rw;
        var sy = (double)height / rh;
        foreach (var (quad, _) in boxes)
        {
            for (var k = 0; k < 4; k++)
            {
                quad[2 * k] = Math.Clamp(quad[2 * k] * sx, 0, width - 1);
                quad[(2 * k) + 1] = Math.Clamp(quad[(2 * k) + 1] * sy, 0, height - 1);
            }

            // PaddleOCR's filter_tag_det_res: boxes that clipping left no more than 3 px across are noise.
            if (Distance(quad, 0, 1) <= 3 || Distance(quad, 0, 3) <= 3)
            {
                continue;
            }

            quads.Add(quad);
        }

        return quads;
    }

    private static LineImage Crop(RgbImage image, double[] quad, PpOcrLineSampling sampling)
    {
        var rgb = image.Pixels;
        var (width, height) = (image.Width, image.Height);
        var w = Math.Max(Distance(quad, 0, 1), Distance(quad, 3, 2));
        var h = Math.Max(Distance(quad, 0, 3), Distance(quad, 1, 2));
        if (h >= 1.5 * w)
        {
            // A tall box is a vertical line: read it turned a quarter counter-clockwise (tr becomes tl).
            quad = [quad[2], quad[3], quad[4], quad[5], quad[6], quad[7], quad[0], quad[1]];
            (w, h) = (h, w);
        }

        if (sampling == PpOcrLineSampling.NativeThenLanczos)
        {
            var nw = Math.Max(1, (int)w);
            var nh = Math.Max(1, (int)h);
            var native = new RgbImage(nw, nh, PpOcrImage.Warp(rgb, width, height, quad, nw, nh, 1));
            var lineWidth = LineImageWidth(nw, nh, sampling);
            return new LineImage(native.ResizeHighQuality(lineWidth, LineHeight).Pixels.ToArray(), lineWidth);
        }

        var outWidth = LineImageWidth(w, h, sampling);
        var samples = Math.Clamp((int)Math.Ceiling(h / LineHeight), 1, 4);
        return new LineImage(PpOcrImage.Warp(rgb, width, height, quad, outWidth, LineHeight, samples), outWidth);
    }

    /// <summary>
    /// The width of the line image a text box of <paramref name="boxWidth"/>×<paramref name="boxHeight"/> pixels
    /// (its long side along the text) becomes at <see cref="LineHeight"/>: the box's aspect kept, at least 4 and
    /// at most 64 line heights.
    /// </summary>
    public static int LineImageWidth(double boxWidth, double boxHeight, PpOcrLineSampling sampling = PpOcrLineSampling.NativeThenLanczos) =>
        sampling == PpOcrLineSampling.NativeThenLanczos
            ? Math.Clamp((int)Math.Round((double)LineHeight * Math.Max(1, (int)boxWidth) / Math.Max(1, (int)boxHeight)), 4, MaxLineWidth)
            : Math.Clamp((int)Math.Ceiling(LineHeight * boxWidth / Math.Max(boxHeight, 1)), 4, MaxLineWidth);

    /// <summary>Turns the lines the classifier sees upside down a half turn; returns their indices.</summary>
    private List<int> Orient(List<LineImage> crops, CancellationToken cancellationToken)
    {
        var classifier = _classifier!;
        var turned = new List<int>();
        var batch = Options.RecognitionBatchSize;
        var item = 3 * LineHeight * ClassifierWidth;
        for (var start = 0; start < crops.Count; start += batch)
        {
            var n = Math.Min(batch, crops.Count - start);
            var input = new float[n * item];
            for (var i = 0; i < n; i++)
            {
                var crop = crops[start + i];
                PpOcrImage.ToLineTensor(crop.Rgb, crop.Width, LineHeight, input.AsSpan(i * item, item), ClassifierWidth, Options.RecognitionScaling);
            }

            using var tensor = OrtValue.CreateTensor(_runtime, input, n, 3, LineHeight, ClassifierWidth);
            using var outputs = classifier.Run(new Dictionary<string, OrtValue> { [classifier.Inputs[0].Name] = tensor }, cancellationToken: cancellationToken);
            var scores = outputs[0].GetTensorSpan<float>();
            for (var i = 0; i < n; i++)
            {
                if (scores[(2 * i) + 1] > scores[2 * i] && scores[(2 * i) + 1] > AngleThreshold)
                {
                    PpOcrImage.Rotate180(crops[start + i].Rgb);
                    turned.Add(start + i);
                }
            }
        }

        return turned;
    }

    /// <summary>Reads the chosen lines again in another view; where that reading is more confident and reads other characters, it and its view replace the first.</summary>
    private void ReadAgain(List<LineImage> crops, (string Text, double Confidence)[] read, List<int> which, Func<LineImage, byte[]> view, CancellationToken cancellationToken)
    {
        if (which.Count == 0)
        {
            return;
        }

        var views = which.Select(i => crops[i] with { Rgb = view(crops[i]) }).ToList();
        var again = Read(views, cancellationToken);
        for (var k = 0; k < which.Count; k++)
        {
            var first = read[which[k]];
            if (again[k].Confidence <= first.Confidence)
            {
                continue;
            }

            if (SameIgnoringSpaces(again[k].Text, first.Text))
            {
                // Same characters: the first view's spacing stands (a blurred view closes the gaps between
                // words, "Open24 Hours"), except a space inside a number that the second view does not see ("5. 18").
                read[which[k]] = (MergeSpacing(first.Text, again[k].Text), again[k].Confidence);
                continue;
            }

            read[which[k]] = again[k];
            crops[which[k]] = views[k];
        }
    }

    private (string Text, double Confidence)[] Read(List<LineImage> crops, CancellationToken cancellationToken)
    {
        var results = new (string, double)[crops.Count];

        // Lines of similar width share a batch, so little of each batch is padding.
        var order = Enumerable.Range(0, crops.Count).OrderBy(i => crops[i].Width).ToArray();
        var batch = Options.RecognitionBatchSize;
        for (var start = 0; start < order.Length; start += batch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = Math.Min(batch, order.Length - start);
            var slot = Math.Max(Options.RecognitionMinWidth, crops[order[start + n - 1]].Width);
            var item = 3 * LineHeight * slot;
            var input = new float[n * item];
            for (var i = 0; i < n; i++)
            {
                var crop = crops[order[start + i]];
                PpOcrImage.ToLineTensor(crop.Rgb, crop.Width, LineHeight, input.AsSpan(i * item, item), slot, Options.RecognitionScaling);
            }

            using var tensor = OrtValue.CreateTensor(_runtime, input, n, 3, LineHeight, slot);
            using var outputs = _recognizer.Run(new Dictionary<string, OrtValue> { [_recognizer.Inputs[0].Name] = tensor }, cancellationToken: cancellationToken);
            var output = outputs[0];
            var shape = output.Shape;
            var steps = (int)shape[1];
            var classes = (int)shape[2];
            if (classes != _decoder.ClassCount)
            {
                throw new InvalidDataException(
                    $"PP-OCR key list {Files.Keys} gives {_decoder.ClassCount - 2} characters, but the recognizer {Files.Recognizer} scores {classes - 2}.");
            }

            var probabilities = output.GetTensorSpan<float>();
            for (var i = 0; i < n; i++)
            {
                results[order[start + i]] = _decoder.Decode(probabilities.Slice(i * steps * classes, steps * classes), steps, Options.SpaceEvidence);
            }
        }

        return results;
    }

    private static bool SameIgnoringSpaces(string a, string b) =>
        a.Where(c => c != ' ').SequenceEqual(b.Where(c => c != ' '));

    // a and b have the same non-space characters. a's spaces, less those between two characters of a number that b lacks.
    private static string MergeSpacing(string a, string b)
    {
        var text = new System.Text.StringBuilder(a.Length);
        var j = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != ' ')
            {
                while (j < b.Length && b[j] == ' ')
                {
                    j++;
                }

                text.Append(a[i]);
                j++;
                continue;
            }

            var inNumber = text.Length > 0 && IsNumberChar(text[^1]) && NextNonSpace(a, i) is { } next && IsNumberChar(next);
            var bHasSpace = j < b.Length && b[j] == ' ';
            if (!inNumber || bHasSpace)
            {
                text.Append(' ');
            }
        }

        return text.ToString();
    }

    private static bool IsNumberChar(char c) => char.IsAsciiDigit(c) || c is '.' or ',';

    private static char? NextNonSpace(string s, int from)
    {
        for (var i = from; i < s.Length; i++)
        {
            if (s[i] != ' ')
            {
                return s[i];
            }
        }

        return null;
    }

    private static BoundingBox Normalized(double[] quad, int width, int height)
    {
        double left = double.MaxValue, top = double.MaxValue, right = double.MinValue, bottom = double.MinValue;
        for (var k = 0; k < 4; k++)
        {
            left = Math.Min(left, quad[2 * k]);
            right = Math.Max(right, quad[2 * k]);
            top = Math.Min(top, quad[(2 * k) + 1]);
            bottom = Math.Max(bottom, quad[(2 * k) + 1]);
        }

        return new BoundingBox(
            Math.Clamp(left / width, 0, 1),
            Math.Clamp(top / height, 0, 1),
            Math.Clamp(right / width, 0, 1),
            Math.Clamp(bottom / height, 0, 1));
    }

    private static double Distance(double[] quad, int a, int b)
    {
        var dx = quad[2 * a] - quad[2 * b];
        var dy = quad[(2 * a) + 1] - quad[(2 * b) + 1];
        return Math.Sqrt((dx * dx) + (dy * dy));
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _detector.Dispose();
        _recognizer?.Dispose();
        _classifier?.Dispose();
    }

    private sealed record LineImage(byte[] Rgb, int Width);
}
