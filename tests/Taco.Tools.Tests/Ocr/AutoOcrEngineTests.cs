using Taco.Tools.Ocr;
using Taco.Tools.Ocr.PpOcr;
using Taco.Tools.Ocr.Tesseract;

namespace Taco.Tools.Tests.Ocr;

/// <summary>The auto rule on real PP-OCR output, and the engine names the CLI accepts.</summary>
public sealed class AutoOcrEngineTests
{
    [Theory]
    [InlineData("clean-03-scan", true)]
    [InlineData("degraded-08-scan", true)]
    [InlineData("clean-02-receipt", false)]
    [InlineData("clean-04-shelf", false)]
    [InlineData("clean-01-board", false)]
    public void Auto_treats_dense_prose_as_a_document_and_signs_boards_receipts_as_scenes(string fixture, bool document)
    {
        var scene = PpOcrEngine.Shared().Recognize(OcrFixtures.Image(OcrFixtures.Get(fixture)));
        Assert.Equal(document, AutoOcrEngine.LooksLikeDocument(scene));
    }

    [Fact]
    public void Auto_returns_tesseract_text_for_a_page_of_prose()
    {
        var truth = OcrFixtures.Get("clean-03-scan");
        var image = OcrFixtures.Image(truth);
        var auto = new AutoOcrEngine(PpOcrEngine.Shared(), TesseractOcrEngine.Shared()).Recognize(image);
        Assert.Equal(TesseractOcrEngine.Shared().Recognize(image).Text, auto.Text);
    }

    [Theory]
    [InlineData("ppocr", "ppocr")]
    [InlineData("Tesseract", "tesseract")]
    [InlineData(null, "auto")]
    [InlineData("auto", "auto")]
    public void Engine_names_select_the_engine(string? name, string expected) =>
        Assert.Equal(expected, OcrEngines.Create(name).Engine.Name);

    [Theory]
    [InlineData("PPOCR", "ppocr")]
    [InlineData(" tesseract ", "tesseract")]
    [InlineData(null, "auto")]
    [InlineData("easyocr", null)]
    [InlineData("", null)]
    public void Find_names_the_engine_a_name_stands_for(string? name, string? expected) =>
        Assert.Equal(expected, OcrEngines.Find(name));

    [Fact]
    public void Unknown_engine_name_lists_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => OcrEngines.Create("easyocr"));
        Assert.Contains("auto, ppocr, tesseract", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_without_ppocr_models_falls_back_to_tesseract_with_a_note()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), "taco-ppocr-none-" + Guid.NewGuid().ToString("N"));
        var choice = OcrEngines.Create("auto", new PpOcrOptions { ModelDirectory = nowhere });
        Assert.Equal("tesseract", choice.Engine.Name);
        Assert.Contains("scripts/provision", choice.Note, StringComparison.Ordinal);
        Assert.Throws<PpOcrModelsNotFoundException>(() => OcrEngines.Create("ppocr", new PpOcrOptions { ModelDirectory = nowhere }));
    }
}
