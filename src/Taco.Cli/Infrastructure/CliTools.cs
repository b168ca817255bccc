using Taco.Tools;
using Taco.Tools.Calculate;
using Taco.Tools.Ocr;
using Taco.Tools.Ocr.Tesseract;

namespace Taco.Cli.Infrastructure;

/// <summary>The real tools the CLI offers, registered once per command in the reference's order.</summary>
internal static class CliTools
{
    public static ToolRegistry CreateRegistry() =>
        new ToolRegistry()
            .Add(new OcrTool(TesseractOcrEngine.Shared()))
            .Add(new CalculateTool());
}
