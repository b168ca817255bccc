using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Taco.Cli.Infrastructure;
using Taco.Imaging;
using Taco.Onnx;
using Taco.Tools.Depth;
using Taco.Tools.Ocr.PpOcr;
using Taco.Tools.Ocr.Tesseract;

namespace Taco.Cli.Commands;

/// <summary>
/// <c>taco doctor</c>: loads every native piece taco depends on, runs a small ONNX model through
/// it, and prints versions and paths — with the command that fixes each problem.
/// </summary>
internal static class DoctorCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Print the checks as one JSON object." };

    public static Command Create()
    {
        var command = new Command("doctor", "Check native libraries, data files and models; print versions, paths and fixes.");
        command.Options.Add(Json);
        command.SetAction(parse => Run(parse));
        return command;
    }

    private static int Run(ParseResult parse)
    {
        using var context = TacoApp.CreateContext(parse);
        var checks = new List<DoctorCheck>
        {
            Check("dotnet", () => $".NET {Environment.Version} on {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}"),
            Check("onnxruntime", () =>
            {
                var ort = context.Runtime;
                return $"{ort.Version} from {ort.LibraryPath}; providers: {string.Join(", ", ort.AvailableProviders)}; runs on {ort.ExecutionProvider}";
            }, $"ONNX Runtime comes with taco from the Microsoft.ML.OnnxRuntime package: {OrtLibraryLocator.InstallCommand}; unset {OrtLibraryLocator.EnvironmentVariable} / drop --ort-library if either names another library; for --execution-provider, choose one of the providers listed or {ExecutionProviders.GpuBuildHint}"),
            Check("onnx self-check", () => SelfCheck.RunMatMul(context.Runtime), $"{OrtLibraryLocator.InstallCommand} to restore ONNX Runtime"),
            Check("imaging", ImagingRoundTrip, "reinstall or rebuild taco: its image codecs (SixLabors.ImageSharp) come with it from NuGet"),
            // Optional: auto OCR runs PP-OCR alone without it, so its absence is a warning, not a failure.
            Check("tesseract", () => TesseractOcrEngine.Unavailable() is { } missing
                    ? throw new TesseractException(missing.TrimEnd('.') + "; auto OCR uses PP-OCR alone without it, --ocr-engine tesseract needs it")
                    : $"{TesseractInstance.Version}; English data in {TessdataLocator.Locate(null, "eng")}",
                "run scripts/provision (Debian packages libtesseract5, tesseract-ocr-eng) or set TESSDATA_PREFIX", optional: true),
            Check("pp-ocr models", () => Path.GetDirectoryName(PpOcrModelLocator.Resolve(null).Detector)!,
                $"run {PpOcrModelLocator.InstallCommand}, or set {PpOcrModelLocator.EnvironmentVariable} to a folder with the PP-OCRv4 files (the default OCR engine, auto, needs them for photos)"),
            Check("depth model", () => ProbeDepthModel(context),
                $"pass {GlobalOptions.DepthModel.Name} <dir> or set {ShippedModels.Depth.EnvironmentVariable} to a Depth-Anything-layout model directory (one ships in models/tiny-depth-trained)"),
            Check("config", () => DescribeConfig(context.Values.Config), "fix or delete that file (taco.json holds one JSON object of option defaults)"),
        };

        var ok = checks.All(c => c.Ok || c.Optional);
        if (parse.GetValue(Json))
        {
            var payload = new
            {
                ok,
                checks = checks.Select(c => new { name = c.Name, ok = c.Ok, optional = c.Optional, detail = c.Detail, fix = c.Ok ? null : c.Fix }),
            };
            context.Output.WriteLine(JsonSerializer.Serialize(payload, CliJson.Options));
        }
        else
        {
            foreach (var c in checks)
            {
                var mark = c.Ok ? "[green]ok[/]  " : c.Optional ? "[yellow]warn[/]" : "[red]FAIL[/]";
                context.Console.MarkupLine($"{mark} [bold]{Markup.Escape(c.Name)}[/]: {Markup.Escape(c.Detail)}");
                if (!c.Ok)
                {
                    context.Console.MarkupLine($"      fix: {Markup.Escape(c.Fix)}");
                }
            }
        }

        // A broken config file is bad input, not a missing dependency.
        return ok ? ExitCodes.Success
            : checks.Where(c => !c.Ok && !c.Optional).All(c => c.Name == "config") ? ExitCodes.BadInput
            : ExitCodes.MissingDependency;
    }

    private static string DescribeConfig(TacoConfig config)
    {
        var variables = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("TACO_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var environment = variables.Count > 0 ? "; environment: " + string.Join(", ", variables) : string.Empty;
        if (config.Path is null)
        {
            return $"no config file (looked for {string.Join(" and ", TacoConfig.SearchPaths(Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariable))}){environment}";
        }

        var keys = config.Keys.Order(StringComparer.Ordinal).ToList();
        return $"{config.Path} ({(keys.Count > 0 ? "sets " + string.Join(", ", keys) : "empty")}){environment}";
    }

    private static string ImagingRoundTrip()
    {
        var image = RgbImage.Create(8, 6, new Rgb(200, 30, 40));
        var decoded = ImageDecoder.Decode(ImageEncoder.EncodePng(image), "doctor.png");
        var pixel = decoded.GetPixel(3, 2);
        return decoded.Width == 8 && decoded.Height == 6 && pixel == new Rgb(200, 30, 40)
            ? $"{ImageDecoder.Codecs}: PNG encode/decode round trip ok"
            : throw new InvalidOperationException($"PNG round trip changed the image ({decoded.Width}x{decoded.Height}, pixel {pixel})");
    }

    /// <summary>Finds the depth model the tools would use, loads it and runs it once on a small grey image.</summary>
    private static string ProbeDepthModel(CliContext context)
    {
        var directory = ShippedModels.Depth.Resolve(context.DepthModelSetting);
        using var estimator = DepthEstimator.Load(directory, context.Runtime);
        var map = estimator.Estimate(RgbImage.Create(32, 24, new Rgb(128, 128, 128)));
        if (map.Width != 32 || map.Height != 24 || !float.IsFinite(map.Max) || !float.IsFinite(map.Min))
        {
            throw new DepthModelException($"{estimator.ModelPath} gave a {map.Width}×{map.Height} map with range [{map.Min}, {map.Max}] for a 32×24 image");
        }

        return $"{directory}; runs ({map.Width}×{map.Height} map)";
    }

    private static DoctorCheck Check(string name, Func<string> probe, string fix = "", bool optional = false)
    {
        try
        {
            return new DoctorCheck(name, true, probe(), fix, optional);
        }
#pragma warning disable CA1031 // a doctor reports every failure instead of stopping at the first
        catch (Exception e)
#pragma warning restore CA1031
        {
            var message = e is CliException or OrtLibraryNotFoundException or PpOcrModelsNotFoundException or TesseractException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            return new DoctorCheck(name, false, message.ReplaceLineEndings(" "), fix, optional);
        }
    }

    /// <summary>One check; an <paramref name="Optional"/> one that fails is a warning and leaves the exit code alone.</summary>
    private sealed record DoctorCheck(string Name, bool Ok, string Detail, string Fix, bool Optional);
}
