using System.Text.Json;
using Taco.Agent.Images;
using Taco.Imaging;
using Taco.Tools.Regions;
using Taco.Tools.Values;

namespace Taco.Tools.Tests.Regions;

/// <summary>TACO's Crop: the yellow outline, the 50% margin clamped to the image, and the reference's error texts.</summary>
public sealed class CropToolTests
{
    private static readonly (byte, byte, byte) Yellow = (255, 255, 0);

    private static async Task<(ToolOutcome Outcome, ImageStore Store)> Run(RgbImage image, string argumentsJson)
    {
        var store = new ImageStore([image]);
        using var doc = JsonDocument.Parse(argumentsJson);
        var outcome = await new ToolRegistry().Add(new CropTool()).InvokeAsync(CropTool.Name, doc.RootElement, new ToolContext(store));
        return (outcome, store);
    }

    [Fact]
    public async Task Crop_adds_half_the_box_as_margin_and_becomes_the_next_image()
    {
        // 100×80, box [0.2, 0.25, 0.6, 0.75] = pixels x 20–60, y 20–60 (40×40). With half its size
        // again (60×60) around the centre (40, 40): x 10–70, y 10–70.
        var (outcome, store) = await Run(RegionImages.Coordinates(100, 80), """{"image": "image-0", "bbox": [0.2, 0.25, 0.6, 0.75]}""");

        Assert.True(outcome.Succeeded, outcome.ObservationBody);
        Assert.Equal("{'image': 'image-1: <image>'}", outcome.ObservationBody);
        Assert.Equal(2, store.Count);
        var crop = store.GetPixels(new ImageRef(1));
        Assert.Equal((60, 60), (crop.Width, crop.Height));
        Assert.Equal(((byte)10, (byte)10, (byte)7), RegionImages.At(crop, 0, 0));
        Assert.Equal(((byte)69, (byte)69, (byte)7), RegionImages.At(crop, 59, 59));
    }

    [Fact]
    public async Task Crop_draws_the_box_four_pixels_wide_inside_its_edges_like_pil()
    {
        var (outcome, store) = await Run(RegionImages.Coordinates(100, 80), """{"image": "image-0", "bbox": [0.2, 0.25, 0.6, 0.75]}""");
        Assert.True(outcome.Succeeded, outcome.ObservationBody);
        var crop = store.GetPixels(new ImageRef(1));

        // PIL outlines columns 20–23 and 57–60 (its right edge, 60, is inclusive); the crop starts at 10.
        for (var x = 10; x <= 13; x++)
        {
            Assert.Equal(Yellow, RegionImages.At(crop, x, 30));
        }

        for (var x = 47; x <= 50; x++)
        {
            Assert.Equal(Yellow, RegionImages.At(crop, x, 30));
        }

        Assert.Equal(((byte)24, (byte)40, (byte)7), RegionImages.At(crop, 14, 30)); // inside the box: untouched
        Assert.Equal(((byte)56, (byte)40, (byte)7), RegionImages.At(crop, 46, 30));
        Assert.Equal(((byte)19, (byte)40, (byte)7), RegionImages.At(crop, 9, 30)); // margin: untouched
        Assert.Equal(Yellow, RegionImages.At(crop, 30, 10)); // top edge, row 20
        Assert.Equal(Yellow, RegionImages.At(crop, 30, 50)); // bottom edge, row 60 (inclusive)

        // The input image is not drawn on.
        Assert.Equal(((byte)20, (byte)40, (byte)7), RegionImages.At(store.GetPixels(new ImageRef(0)), 20, 40));
    }

    [Theory]
    [InlineData(0.2, 0.25, 0.6, 0.75, 0.5)]
    [InlineData(0, 0, 0.5, 0.5, 0.5)]
    [InlineData(0.9, 0.9, 1, 1, 0.5)]
    [InlineData(0.31, 0.07, 0.33, 0.95, 0)]
    [InlineData(0, 0, 1, 1, 1)]
    public void Cutting_before_outlining_gives_the_pixels_of_outlining_the_whole_image_first(double left, double top, double right, double bottom, double margin)
    {
        var image = RegionImages.Coordinates(97, 61);
        var box = new BoundingBox(left, top, right, bottom);
        var expected = image
            .DrawRectangle(RegionGeometry.Outline(box, image.Width, image.Height), RegionCropper.OutlineColor, RegionCropper.OutlineWidth)
            .Crop(RegionGeometry.CropWindow(box, image.Width, image.Height, margin));
        var actual = RegionCropper.Crop(image, box, margin);
        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        Assert.True(expected.Pixels.SequenceEqual(actual.Pixels));
    }

    [Fact]
    public async Task Margin_is_clamped_at_the_image_edges()
    {
        // x 0–50 grows to −12.5…62.5 → 0–62; y 0–40 grows to −10…50 → 0–50.
        var (outcome, store) = await Run(RegionImages.Coordinates(100, 80), """{"image": "image-0", "bbox": [0, 0, 0.5, 0.5]}""");
        Assert.True(outcome.Succeeded, outcome.ObservationBody);
        var crop = store.GetPixels(new ImageRef(1));
        Assert.Equal((62, 50), (crop.Width, crop.Height));

        var whole = await Run(RegionImages.Coordinates(100, 80), """{"image": "image-0", "bbox": [0, 0, 1, 1]}""");
        var all = whole.Store.GetPixels(new ImageRef(1));
        Assert.Equal((100, 80), (all.Width, all.Height));
    }

    [Fact]
    public void A_box_thinner_than_a_pixel_still_crops_one_pixel()
    {
        var window = RegionGeometry.CropWindow(new BoundingBox(0.503, 0.503, 0.504, 0.504), 100, 100);
        Assert.Equal((50, 50, 1, 1), (window.X, window.Y, window.Width, window.Height));

        var corner = RegionGeometry.CropWindow(new BoundingBox(0.9999, 0.9999, 1, 1), 100, 100);
        Assert.Equal((99, 99, 1, 1), (corner.X, corner.Y, corner.Width, corner.Height));
    }

    [Theory]
    [InlineData("""[0.1, 0.1, 1.2, 0.5]""", "Bounding box coordinates must be between 0 and 1.")]
    [InlineData("""[-0.1, 0.1, 0.5, 0.5]""", "Bounding box coordinates must be between 0 and 1.")]
    [InlineData("""["NaN", 0.1, 0.5, 0.5]""", "Bounding box coordinates must be between 0 and 1.")]
    [InlineData("""[0.1, 0.1, "Infinity", 0.5]""", "Bounding box coordinates must be between 0 and 1.")]
    [InlineData("""[0.6, 0.1, 0.2, 0.5]""", "Bounding box must have left < right and top < bottom.")]
    [InlineData("""[0.1, 0.5, 0.5, 0.5]""", "Bounding box must have left < right and top < bottom.")]
    [InlineData("""[0.1, 0.2, 0.3]""", "Bounding box must be a list of 4 numbers [left, top, right, bottom].")]
    public async Task Bad_boxes_fail_with_the_reference_text_and_add_no_image(string bbox, string message)
    {
        var (outcome, store) = await Run(RegionImages.Coordinates(20, 20), $$"""{"image": "image-0", "bbox": {{bbox}}}""");

        Assert.False(outcome.Succeeded);
        Assert.Equal("Execution failed with <class 'ValueError'>: " + message, outcome.ObservationBody);
        Assert.Equal(1, store.Count);
    }

    [Theory]
    [InlineData("[NaN, 0.1, 0.5, 0.5]", "Bounding box coordinates must be between 0 and 1.")]
    [InlineData("0.5, 0.1, 0.2, 0.5", "Bounding box must have left < right and top < bottom.")]
    [InlineData("[0.1, 0.1, 0.5, 0.5]", null)]
    public async Task Boxes_typed_by_a_person_are_read_the_same_way(string bbox, string? message)
    {
        var store = new ImageStore([RegionImages.Coordinates(20, 20)]);
        var outcome = await new ToolRegistry().Add(new CropTool())
            .InvokeAsync(CropTool.Name, new Dictionary<string, string> { ["image"] = "image-0", ["bbox"] = bbox }, new ToolContext(store));

        Assert.Equal(message is null, outcome.Succeeded);
        if (message is not null)
        {
            Assert.Equal("Execution failed with <class 'ValueError'>: " + message, outcome.ObservationBody);
        }
    }

    [Fact]
    public async Task A_context_that_cannot_take_images_is_a_failure_not_a_crash()
    {
        var readOnly = new ReadOnlyImages(RegionImages.Coordinates(10, 10));
        var outcome = await new ToolRegistry().Add(new CropTool())
            .InvokeAsync(CropTool.Name, new Dictionary<string, string> { ["image"] = "image-0", ["bbox"] = "[0, 0, 1, 1]" }, new ToolContext(readOnly));

        Assert.Equal("Execution failed with <class 'ValueError'>: this conversation cannot take new images.", outcome.ObservationBody);
    }

    private sealed class ReadOnlyImages(RgbImage image) : IToolImages
    {
        public int Count => 1;

        public RgbImage GetPixels(ImageRef image1) => image;
    }
}
