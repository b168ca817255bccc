using Taco.Imaging;

namespace Taco.Imaging.Tests;

public sealed class GeometryTests
{
    private static RgbImage Quadrants() => ImageDecoder.Decode(Fixture.Path("png_rgb8.png"));

    [Fact]
    public void Crop_copies_exactly_the_rectangle()
    {
        var green = Quadrants().Crop(new PixelRect(16, 0, 16, 12));
        var middle = Quadrants().Crop(new PixelRect(15, 11, 2, 2));

        Assert.Equal((16, 12), (green.Width, green.Height));
        Assert.True(green.Pixels.ToArray().Chunk(3).All(p => p is [0, 255, 0]));
        Assert.Equal([Fixture.Red, Fixture.Green, Fixture.Blue, Fixture.Yellow], [middle.GetPixel(0, 0), middle.GetPixel(1, 0), middle.GetPixel(0, 1), middle.GetPixel(1, 1)]);
    }

    [Theory]
    [InlineData(-1, 0, 4, 4)]
    [InlineData(30, 0, 4, 4)]
    [InlineData(0, 0, 0, 4)]
    [InlineData(0, 22, 4, 4)]
    public void Crop_outside_the_image_is_refused(int x, int y, int w, int h)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Quadrants().Crop(new PixelRect(x, y, w, h)));
    }

    [Fact]
    public void ClampTo_keeps_the_part_inside_the_image()
    {
        Assert.Equal(new PixelRect(0, 5, 10, 19), new PixelRect(-5, 5, 15, 100).ClampTo(32, 24));
        Assert.True(new PixelRect(40, 5, 15, 10).ClampTo(32, 24).IsEmpty);
    }

    [Fact]
    public void Pad_surrounds_the_image_with_the_fill_colour()
    {
        var padded = Quadrants().Pad(1, 2, 3, 4, Rgb.White);

        Assert.Equal((36, 30), (padded.Width, padded.Height));
        Assert.Equal(Rgb.White, padded.GetPixel(0, 2));
        Assert.Equal(Fixture.Red, padded.GetPixel(1, 2));
        Assert.Equal(Rgb.White, padded.GetPixel(1, 1));
        Assert.Equal(Fixture.Yellow, padded.GetPixel(32, 25));
        Assert.Equal(Rgb.White, padded.GetPixel(33, 25));
        Assert.Equal(Rgb.White, padded.GetPixel(32, 26));
    }

    [Fact]
    public void PadTo_keeps_the_image_at_the_top_left()
    {
        var padded = Quadrants().PadTo(40, 40, Rgb.Black);

        Assert.Equal(Fixture.Red, padded.GetPixel(0, 0));
        Assert.Equal(Rgb.Black, padded.GetPixel(32, 0));
        Assert.Equal(Rgb.Black, padded.GetPixel(0, 24));
    }

    [Fact]
    public void CenterCrop_takes_the_middle()
    {
        var crop = Quadrants().CenterCrop(16, 12);

        Assert.Equal(Fixture.Red, crop.GetPixel(0, 0));
        Assert.Equal(Fixture.Green, crop.GetPixel(15, 0));
        Assert.Equal(Fixture.Yellow, crop.GetPixel(15, 11));
        Assert.Equal(Fixture.Red, crop.GetPixel(7, 5));
        Assert.Equal(Fixture.Yellow, crop.GetPixel(8, 6));
    }

    [Fact]
    public void CenterCrop_larger_than_the_image_pads_the_extra_pixel_first()
    {
        // One extra column: Hugging Face puts it on the left (ceil), so column 0 is fill.
        var crop = Quadrants().CenterCrop(33, 24, Rgb.White);

        Assert.Equal(Rgb.White, crop.GetPixel(0, 0));
        Assert.Equal(Fixture.Red, crop.GetPixel(1, 0));
        Assert.Equal(Fixture.Green, crop.GetPixel(32, 0));
    }

    [Fact]
    public void DrawRectangle_draws_an_inward_outline()
    {
        var canvas = RgbImage.Create(20, 16, Rgb.White);

        var drawn = canvas.DrawRectangle(new PixelRect(2, 2, 10, 8), Rgb.Red, lineWidth: 2);

        // Rectangle covers columns 2..11 and rows 2..9; the outline is the outer two pixels of it.
        Assert.Equal(Rgb.Red, drawn.GetPixel(2, 2));
        Assert.Equal(Rgb.Red, drawn.GetPixel(3, 3));
        Assert.Equal(Rgb.White, drawn.GetPixel(4, 4));
        Assert.Equal(Rgb.Red, drawn.GetPixel(11, 9));
        Assert.Equal(Rgb.Red, drawn.GetPixel(10, 5));
        Assert.Equal(Rgb.White, drawn.GetPixel(9, 5));
        Assert.Equal(Rgb.White, drawn.GetPixel(12, 5));
        Assert.Equal(Rgb.White, drawn.GetPixel(5, 10));
        Assert.Equal(Rgb.White, drawn.GetPixel(1, 1));
        Assert.Equal(Rgb.White, canvas.GetPixel(2, 2)); // the original is untouched
        var red = drawn.Pixels.ToArray().Chunk(3).Count(p => p is [255, 0, 0]);
        Assert.Equal((10 * 8) - (6 * 4), red);
    }

    [Fact]
    public void DrawRectangles_clips_boxes_that_leave_the_image()
    {
        var canvas = RgbImage.Create(10, 10, Rgb.Black);

        var drawn = canvas.DrawRectangles([new PixelRect(-5, -5, 10, 10), new PixelRect(50, 50, 5, 5)], Rgb.Green, lineWidth: 1);

        // Only the right and bottom edges (column 4, row 4) of the first box are inside.
        Assert.Equal(Rgb.Green, drawn.GetPixel(4, 0));
        Assert.Equal(Rgb.Green, drawn.GetPixel(0, 4));
        Assert.Equal(Rgb.Black, drawn.GetPixel(3, 3));
        Assert.Equal(Rgb.Black, drawn.GetPixel(5, 5));
        Assert.Equal(9, drawn.Pixels.ToArray().Chunk(3).Count(p => p is [0, 255, 0]));
    }

    [Fact]
    public void RgbImage_refuses_a_buffer_of_the_wrong_size()
    {
        Assert.Throws<ArgumentException>(() => new RgbImage(2, 2, new byte[11]));
    }
}
