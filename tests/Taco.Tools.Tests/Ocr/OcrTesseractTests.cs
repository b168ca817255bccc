using System.Text.Json;
using Taco.Imaging;
using Taco.Tools.Ocr;
using Taco.Tools.Ocr.Tesseract;
using Taco.Tools.Values;
using Xunit.Abstractions;

namespace Taco.Tools.Tests.Ocr;

public sealed class OcrTesseractTests(ITestOutputHelper output)
{
    private static TesseractOcrEngine Engine => TesseractOcrEngine.Shared();

    [Fact]
    public void The_loaded_library_is_tesseract_5() =>
        Assert.StartsWith("5.", TesseractInstance.Version, StringComparison.Ordinal);

    [Fact]
    public void Price_board_prices_are_read_with_boxes_on_their_rows()
    {
        var truth = OcrFixtures.Truth.First(t => t.Kind == "board" && t.Condition == "clean");
        var result = Engine.Recognize(OcrFixtures.Image(truth));
        output.WriteLine(result.Text);
        foreach (var line in truth.Lines.Skip(1))
        {
            var price = line.Text.Split(' ')[^1];
            var region = Assert.Single(result.Lines, l => l.Text.Split(' ').Contains(price));
            var centreY = (region.Box.Top + region.Box.Bottom) / 2;
            Assert.InRange(centreY, line.Bbox[1] - 0.02, line.Bbox[3] + 0.02);
            Assert.True(region.Box.Right > 0.7, $"{price} should sit at the right edge, box {region.Box}");
        }

        // The board's rows read as "label price" in reading order.
        var first = truth.Lines[1].Text;
        Assert.Contains(first, result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Receipt_total_is_read_on_the_total_row()
    {
        var truth = OcrFixtures.Truth.First(t => t.Kind == "receipt" && t.Condition == "clean");
        var result = Engine.Recognize(OcrFixtures.Image(truth));
        output.WriteLine(result.Text);
        var total = truth.Lines[^1];
        Assert.Contains(total.Text, result.Text.Split('\n'));
        var region = result.Lines.First(l => l.Text.Contains(total.Text.Split(' ')[^1], StringComparison.Ordinal));
        Assert.InRange((region.Box.Top + region.Box.Bottom) / 2, total.Bbox[1] - 0.02, total.Bbox[3] + 0.02);
    }

    [Fact]
    public void Sign_words_are_read_from_a_coloured_photo_like_image()
    {
        var truth = OcrFixtures.Truth.First(t => t.Kind == "sign" && t.Condition == "clean");
        var result = Engine.Recognize(OcrFixtures.Image(truth));
        Assert.Equal(OcrMetrics.Normalize(truth.Text), OcrMetrics.Normalize(result.Text));
        Assert.All(result.Lines, l => Assert.InRange(l.Confidence, 0.5, 1.0));
    }

    [Fact]
    public void A_blank_image_gives_empty_text_and_no_regions()
    {
        var blank = RgbImage.Create(320, 240, Rgb.White);
        var result = Engine.Recognize(blank);
        Assert.Equal(string.Empty, result.Text);
        Assert.Equal("{'regions': [], 'text': ''}", result.ToToolDict().ToPythonRepr());
    }

    [Fact]
    public void Regions_render_with_two_decimal_boxes_and_confidences()
    {
        var truth = OcrFixtures.Truth.First(t => t.Kind == "sign" && t.Condition == "clean");
        var dict = Engine.Recognize(OcrFixtures.Image(truth)).ToToolDict();
        var region = Assert.IsType<ToolDict>(Assert.IsType<ToolList>(dict["regions"]).Items[0]);
        var bbox = Assert.IsType<ToolList>(region["bbox"]).Items.Cast<ToolFloat>().Select(f => f.Value).ToList();
        Assert.All(bbox.Append(((ToolFloat)region["confidence"]).Value), v => Assert.Equal(v, Math.Round(v, 2)));
        Assert.True(bbox[0] < bbox[2] && bbox[1] < bbox[3]);
    }

    [Fact]
    public async Task Concurrent_calls_share_a_bounded_pool_and_agree_with_a_sequential_run()
    {
        using var pool = new TesseractOcrEngine(TesseractOptions.Default with { MaxEngines = 2 });
        var images = OcrFixtures.Truth.Where(t => t.Condition == "clean").Take(4).Select(OcrFixtures.Image).ToList();
        var sequential = images.Select(i => pool.Recognize(i).Text).ToList();
        var parallel = await Task.WhenAll(images.Select(i => Task.Run(() => pool.Recognize(i).Text)));
        Assert.Equal(sequential, parallel);
        Assert.InRange(pool.EngineCount, 1, 2);
    }

    [Fact]
    public async Task Ocr_tool_reads_the_named_image_through_the_registry()
    {
        var truth = OcrFixtures.Truth.First(t => t.Kind == "sign" && t.Condition == "clean");
        var registry = new ToolRegistry().Add(new OcrTool(Engine));
        using var args = JsonDocument.Parse("""{"image": "image-0"}""");
        var outcome = await registry.InvokeAsync("OCR", args.RootElement, new ToolContext(new FixtureImages([OcrFixtures.Image(truth)])));
        Assert.True(outcome.Succeeded, outcome.ObservationBody);
        var text = Assert.IsType<ToolString>(outcome.Result!["text"]).Value;
        Assert.Equal(OcrMetrics.Normalize(truth.Text), OcrMetrics.Normalize(text));
        Assert.StartsWith("{'regions': [{'bbox': [", outcome.ObservationBody, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_tessdata_folder_without_the_language_is_a_clear_error()
    {
        var folder = Directory.CreateTempSubdirectory().FullName;
        var e = Assert.Throws<TesseractException>(() => TessdataLocator.Locate(folder, "eng"));
        Assert.Contains(folder, e.Message, StringComparison.Ordinal);
        Assert.Contains("eng.traineddata", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_language_lists_every_place_searched()
    {
        var e = Assert.Throws<TesseractException>(() => TessdataLocator.Locate(null, "xyz"));
        Assert.Contains("/usr/share/tesseract-ocr/5/tessdata/xyz.traineddata", e.Message, StringComparison.Ordinal);
        Assert.Contains("tesseract-ocr-xyz", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Debian_tessdata_is_found_without_configuration() =>
        Assert.True(File.Exists(Path.Combine(TessdataLocator.Locate(null, "eng"), "eng.traineddata")));

    private sealed class FixtureImages(IReadOnlyList<RgbImage> images) : IToolImages
    {
        public int Count => images.Count;

        public RgbImage GetPixels(ImageRef image) => images[image.Index];
    }
}
