using Taco.Onnx;
using Taco.Tools;
using Taco.Tools.Calculate;
using Taco.Tools.Ocr;
using Taco.Tools.Ocr.PpOcr;
using Taco.Tools.Ocr.Tesseract;

namespace Taco.Cli.Infrastructure;

/// <summary>The real tools the CLI offers, registered once per command in the reference's order.</summary>
internal static class CliTools
{
    public static ToolRegistry CreateRegistry(CliContext context) => CreateRegistry(CreateOcrEngine(context));

    public static ToolRegistry CreateRegistry(IOcrEngine ocr) =>
        new ToolRegistry()
            .Add(new OcrTool(ocr))
            .Add(new CalculateTool());

    private static IOcrEngine CreateOcrEngine(CliContext context)
    {
        var name = context.OcrEngineName;
        if (name != OcrEngines.Tesseract)
        {
            // PP-OCR runs on ONNX Runtime: load it here, honouring --ort-library. Without it,
            // auto still works (Tesseract only) and says so; an explicit ppocr cannot.
            try
            {
                _ = context.Runtime;
            }
            catch (CliException e) when (name == OcrEngines.Auto)
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

        if (choice.Note is { } note)
        {
            context.Error.WriteLine("taco: warning: " + note);
        }

        return choice.Engine;
    }
}
