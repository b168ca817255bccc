using System.CommandLine;
using Taco.Tools.Ocr;

namespace Taco.Cli.Infrastructure;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Write diagnostic logs to standard error.",
        Recursive = true,
    };

    public static Option<FileInfo?> LogFile { get; } = new("--log-file")
    {
        Description = "Also write detailed logs to this file.",
        Recursive = true,
    };

    public static Option<FileInfo?> OrtLibrary { get; } = new("--ort-library")
    {
        Description = "Another ONNX Runtime shared library (1.32 or newer) to run instead of the one the Microsoft.ML.OnnxRuntime package brings (default: $TACO_ORT_LIBRARY, else the packaged one).",
        Recursive = true,
    };

    public static Option<string?> ExecutionProvider { get; } = new("--execution-provider")
    {
        Description = "ONNX Runtime execution provider for every model: cpu (the default), or one the loaded runtime has, e.g. cuda or tensorrt in a build with -p:TacoOnnxRuntime=gpu (default: $TACO_EXECUTION_PROVIDER, \"execution-provider\" in taco.json, else cpu).",
        Recursive = true,
    };

    public static Option<string> OcrEngine { get; } = CreateOcrEngine();

    public static Option<DirectoryInfo?> DepthModel { get; } = new("--depth-model")
    {
        Description = "Depth model directory (Depth-Anything-V2 ONNX layout) for EstimateRegionDepth (default: $TACO_DEPTH_MODEL, then the tiny-depth-trained model shipped with taco).",
        Recursive = true,
    };

    /// <summary>
    /// The one line saying <paramref name="name"/> (an <c>--ocr-engine</c> value from <paramref name="source"/>) names no
    /// OCR engine; null when it names one (<see cref="OcrEngines.Find"/>). The parser asks it about the command line,
    /// <see cref="CliContext.OcrEngineName"/> about a default from <c>TACO_OCR_ENGINE</c> or taco.json.
    /// </summary>
    internal static string? UnknownOcrEngine(string? name, string source) =>
        OcrEngines.Find(name) is null ? $"{source} '{name}' is no OCR engine; choose {string.Join(", ", OcrEngines.Names)}." : null;

    private static Option<string> CreateOcrEngine()
    {
        var option = new Option<string>("--ocr-engine")
        {
            Description = "OCR engine: auto (PP-OCR for photos and signs, Tesseract for pages of prose), ppocr or tesseract. Default: $TACO_OCR_ENGINE, \"ocr-engine\" in taco.json, else auto.",
            HelpName = string.Join("|", OcrEngines.Names),
            Recursive = true,
            DefaultValueFactory = _ => OcrEngines.Auto,
        };
        option.CompletionSources.Add([.. OcrEngines.Names]);
        option.Validators.Add(result =>
        {
            if (UnknownOcrEngine(result.GetValueOrDefault<string>(), option.Name) is { } error)
            {
                result.AddError(error);
            }
        });
        return option;
    }
}
