using Taco.Onnx;
using Taco.Tools;
using Taco.Tools.Calculate;
using Taco.Tools.Depth;
using Taco.Tools.Ocr;
using Taco.Tools.Ocr.PpOcr;
using Taco.Tools.Ocr.Tesseract;
using Taco.Tools.Regions;

namespace Taco.Cli.Infrastructure;

/// <summary>The real tools the CLI offers, registered once per command in the reference's order.</summary>
internal static class CliTools
{
    /// <summary>
    /// Every tool. The depth model's directory is found now (a missing one is exit 4 naming the places
    /// tried) but loaded only when a model first asks for a depth.
    /// </summary>
    public static ToolRegistry CreateRegistry(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var depthDirectory = ShippedModels.Depth.Resolve(context.DepthModelSetting);
        return CreateRegistry(CreateOcrEngine(context), () => LoadDepth(context, depthDirectory));
    }

    /// <summary>The CLI's tool set over a given OCR engine, the depth model being the shipped one (for tests and tools built without a command).</summary>
    public static ToolRegistry CreateRegistry(IOcrEngine ocr) =>
        CreateRegistry(ocr, () => DepthEstimator.Load(ShippedModels.Depth.Resolve(null), OnnxRuntime.Initialize()));

    /// <summary>The tools without a depth model when <paramref name="depth"/> is null (so no prompt offers EstimateRegionDepth).</summary>
    public static ToolRegistry CreateRegistry(IOcrEngine ocr, Func<DepthEstimator>? depth)
    {
        var registry = new ToolRegistry().Add(new OcrTool(ocr));
        if (depth is not null)
        {
            registry.Add(new EstimateRegionDepthTool(depth));
        }

        return registry
            .Add(new CropTool())
            .Add(new ZoomInTool())
            .Add(new CalculateTool());
    }

    private static DepthEstimator LoadDepth(CliContext context, string directory)
    {
        try
        {
            return DepthEstimator.Load(directory, context.Runtime);
        }
        catch (DepthModelException e)
        {
            throw new CliException(ExitCodes.ModelError, e.Message);
        }
    }

    private static IOcrEngine CreateOcrEngine(CliContext context)
    {
        var name = context.OcrEngineName;
        if (name != OcrEngines.Tesseract)
        {
            // PP-OCR runs on ONNX Runtime: load it here, honouring --ort-library. Without it,
            // auto still works when Tesseract is installed (Tesseract only) and says so; an explicit ppocr cannot,
            // and neither can an execution provider the runtime lacks (the user asked for it: that is the error).
            try
            {
                _ = context.Runtime;
            }
            catch (CliException e) when (name == OcrEngines.Auto && e.InnerException is not ExecutionProviderException && TesseractOcrEngine.Unavailable() is null)
            {
                context.Error.WriteLine($"taco: warning: auto OCR uses Tesseract only: {e.Message.Split('\n')[0]}");
                return TesseractOcrEngine.Shared();
            }
        }

        OcrEngines.Choice choice;
        try
        {
            choice = OcrEngines.Create(name);
        }
        catch (PpOcrModelsNotFoundException e)
        {
            throw new CliException(ExitCodes.MissingDependency, e.Message);
        }
        catch (TesseractException e)
        {
            throw new CliException(ExitCodes.MissingDependency, $"--ocr-engine tesseract: {e.Message}");
        }

        if (choice.Note is { } note)
        {
            context.Error.WriteLine("taco: warning: " + note);
        }

        return choice.Engine;
    }
}
