using Taco.Imaging;
using Taco.Tools.Ocr;
using Taco.Tools.Ocr.PpOcr;
using Taco.Tools.Tests.Ocr;
using Taco.Tools.Values;
using Xunit.Abstractions;

namespace Taco.Tools.Tests.PpOcr;

/// <summary>Orientation, size, empty input and the errors for missing or damaged model files.</summary>
public sealed class PpOcrEngineTests(ITestOutputHelper output)
{
    [Fact]
    public void Image_without_text_gives_empty_text_and_no_regions()
    {
        var result = PpOcrEngine.Shared().Recognize(PpOcrTransforms.Blank(640, 480, 40, 90, 160));
        Assert.Equal(string.Empty, result.Text);
        Assert.Empty(result.Lines);
        Assert.Equal(ToolValue.Of(string.Empty), result.ToToolDict()["text"]);
    }

    [Fact]
    public void One_pixel_gray_image_gives_empty_text()
    {
        var result = PpOcrEngine.Shared().Recognize(RgbImage.Create(1, 1, new Rgb(128, 128, 128)));
        Assert.Equal(OcrResult.Empty.Text, result.Text);
        Assert.Empty(result.Lines);
    }

    [Fact]
    public void Upside_down_sign_is_read_the_right_way_up()
    {
        var truth = OcrFixtures.Get("clean-01-board");
        var result = PpOcrEngine.Shared().Recognize(PpOcrTransforms.Rotate180(OcrFixtures.Image(truth)));
        output.WriteLine(result.Text);
        Assert.Equal(truth.Numbers.Count, OcrMetrics.NumbersFound(result.Text, truth.Numbers));
    }

    [Fact]
    public void Text_running_top_to_bottom_is_read_as_lines()
    {
        var truth = OcrFixtures.Get("clean-01-board");
        var result = PpOcrEngine.Shared().Recognize(PpOcrTransforms.RotateClockwise(OcrFixtures.Image(truth)));
        output.WriteLine(result.Text);
        Assert.Equal(truth.Numbers.Count, OcrMetrics.NumbersFound(result.Text, truth.Numbers));
        Assert.All(result.Lines, l => Assert.True(l.Box.Height > l.Box.Width, $"'{l.Text}' box {l.Box} is not tall"));
    }

    [Theory]
    [InlineData(-12)]
    [InlineData(15)]
    public void Tilted_sign_is_read(double degrees)
    {
        var truth = OcrFixtures.Get("clean-01-board");
        var result = PpOcrEngine.Shared().Recognize(PpOcrTransforms.Tilt(OcrFixtures.Image(truth), degrees));
        output.WriteLine(result.Text);
        Assert.Equal(truth.Numbers.Count, OcrMetrics.NumbersFound(result.Text, truth.Numbers));
    }

    [Fact]
    public void Seven_segment_prices_are_not_turned_upside_down()
    {
        // "3.90" in seven-segment digits also reads as "06'E" upside down, and the 180° classifier
        // says so; the recognizer's confidence in both readings decides.
        var truth = PpOcrFixtures.Get("photo-00-7seg");
        var result = PpOcrEngine.Shared().Recognize(PpOcrFixtures.Image(truth));
        output.WriteLine(result.Text);
        Assert.Contains("3.90", result.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Seven_segment_digits_are_read_through_their_faintly_visible_unlit_segments()
    {
        // photo-06-7seg: red digits whose unlit segments show faintly on a navy panel; read as they are,
        // every price is "8.88". The LED view (brightest channel, blurred) sees only the lit segments.
        var truth = PpOcrFixtures.Get("photo-06-7seg");
        var image = PpOcrFixtures.Image(truth);
        var plain = PpOcrEngine.Shared(PpOcrOptions.Default with { LedRetry = false }).Recognize(image).Text;
        var retried = PpOcrEngine.Shared().Recognize(image).Text;
        output.WriteLine($"without the second reading: {plain}\nwith it: {retried}");
        var tokens = retried.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("4.08", tokens);
        Assert.Contains("6.86", tokens);
        Assert.True(OcrMetrics.NumbersFound(retried, truth.Numbers) > OcrMetrics.NumbersFound(plain, truth.Numbers), $"'{plain}' vs '{retried}'");
    }

    [Fact]
    public void Word_spacing_repair_only_adds_spaces_and_brings_scans_and_receipts_closer()
    {
        // On each prose scan and receipt the repair may only add spaces; over the set it must restore some
        // and cut the edit distance to the truth, and never lose a price.
        var fixtures = OcrFixtures.Truth.Where(t => t.Kind is "scan" or "receipt").ToList();
        int spacesJoined = 0, spacesRepaired = 0, editsJoined = 0, editsRepaired = 0;
        foreach (var truth in fixtures)
        {
            var image = OcrFixtures.Image(truth);
            var joined = PpOcrEngine.Shared(PpOcrOptions.Default with { SpaceEvidence = 0 }).Recognize(image).Text;
            var repaired = PpOcrEngine.Shared().Recognize(image).Text;
            if (joined != repaired)
            {
                output.WriteLine($"{truth.Name}\nwithout repair: {joined}\nwith repair:    {repaired}");
            }

            Assert.Equal(NoSpaces(joined), NoSpaces(repaired));
            Assert.True(OcrMetrics.NumbersFound(repaired, truth.Numbers) >= OcrMetrics.NumbersFound(joined, truth.Numbers), truth.Name);
            spacesJoined += joined.Count(c => c == ' ');
            spacesRepaired += repaired.Count(c => c == ' ');
            editsJoined += OcrMetrics.CharacterErrors(joined, truth.Text).Edits;
            editsRepaired += OcrMetrics.CharacterErrors(repaired, truth.Text).Edits;
        }

        output.WriteLine($"{fixtures.Count} images: spaces {spacesJoined} -> {spacesRepaired}, edits to the truth {editsJoined} -> {editsRepaired}");
        Assert.True(spacesRepaired > spacesJoined, "no space restored");
        Assert.True(editsRepaired < editsJoined, $"edits {editsJoined} -> {editsRepaired}");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void Tiny_and_huge_renderings_are_read(double factor)
    {
        var truth = OcrFixtures.Get("clean-01-board");
        var image = PpOcrTransforms.Scale(OcrFixtures.Image(truth), factor);
        var result = PpOcrEngine.Shared().Recognize(image);
        output.WriteLine($"{image.Width}x{image.Height}: {result.Text}");
        var (edits, length) = OcrMetrics.CharacterErrors(result.Text, truth.Text);
        Assert.True(edits <= 0.1 * length, $"CER {edits}/{length}: '{result.Text}'");
    }

    [Fact]
    public void Regions_have_boxes_as_fractions_and_confidence_rounded_to_two_decimals()
    {
        var dict = PpOcrEngine.Shared().Recognize(OcrFixtures.Image(OcrFixtures.Get("clean-00-sign"))).ToToolDict();
        var text = dict.ToString();
        output.WriteLine(text);
        Assert.Contains("'bbox': [", text, StringComparison.Ordinal);
        Assert.Contains("'confidence': ", text, StringComparison.Ordinal);
        Assert.Contains("'text': 'Parking $5\\nOpen 24 Hours'", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_key_list_is_an_error_naming_the_file_and_the_provision_command()
    {
        using var folder = new ModelCopy(except: PpOcrModelLocator.KeysFileName);
        var error = Assert.Throws<PpOcrModelsNotFoundException>(() => new PpOcrEngine(new PpOcrOptions { ModelDirectory = folder.Path }));
        Assert.Contains(Path.Combine(folder.Path, PpOcrModelLocator.KeysFileName), error.Message, StringComparison.Ordinal);
        Assert.Contains("scripts/provision", error.Message, StringComparison.Ordinal);
        Assert.Equal([Path.Combine(folder.Path, PpOcrModelLocator.KeysFileName)], error.Missing);
    }

    [Fact]
    public void Named_model_folder_that_does_not_exist_lists_every_missing_file()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), "taco-ppocr-nowhere-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<PpOcrModelsNotFoundException>(() => new PpOcrEngine(new PpOcrOptions { ModelDirectory = nowhere }));
        Assert.Equal(4, error.Missing.Count);
        Assert.Contains(PpOcrModelLocator.DetectorFileName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_model_file_is_an_error_naming_the_file()
    {
        using var folder = new ModelCopy(except: PpOcrModelLocator.RecognizerFileName);
        var bad = Path.Combine(folder.Path, PpOcrModelLocator.RecognizerFileName);
        File.WriteAllBytes(bad, [.. File.ReadAllBytes(Path.Combine(PpOcrModelLocator.CachedDirectory, PpOcrModelLocator.RecognizerFileName)).Take(4096)]);
        var error = Assert.Throws<InvalidDataException>(() => new PpOcrEngine(new PpOcrOptions { ModelDirectory = folder.Path }));
        output.WriteLine(error.Message);
        Assert.Contains(bad, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_list_of_another_model_is_an_error_naming_the_key_file()
    {
        using var folder = new ModelCopy(except: PpOcrModelLocator.KeysFileName);
        var keys = Path.Combine(folder.Path, PpOcrModelLocator.KeysFileName);
        File.WriteAllLines(keys, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
        var error = Assert.Throws<InvalidDataException>(() => new PpOcrEngine(new PpOcrOptions { ModelDirectory = folder.Path }));
        output.WriteLine(error.Message);
        Assert.Contains(keys, error.Message, StringComparison.Ordinal);
    }

    private static string NoSpaces(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

    /// <summary>A temporary model folder linking to the provisioned files, one left out for the test to break.</summary>
    private sealed class ModelCopy : IDisposable
    {
        public ModelCopy(string except)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "taco-ppocr-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
            foreach (var name in new[] { PpOcrModelLocator.DetectorFileName, PpOcrModelLocator.RecognizerFileName, PpOcrModelLocator.ClassifierFileName, PpOcrModelLocator.KeysFileName })
            {
                if (name != except)
                {
                    File.CreateSymbolicLink(System.IO.Path.Combine(Path, name), System.IO.Path.Combine(PpOcrModelLocator.CachedDirectory, name));
                }
            }
        }

        public string Path { get; }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
