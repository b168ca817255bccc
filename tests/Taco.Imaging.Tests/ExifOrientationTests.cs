using Taco.Imaging;

namespace Taco.Imaging.Tests;

public sealed class ExifOrientationTests
{
    // Each fixture stores the 24×16 upright quadrants turned/mirrored the way orientation N says,
    // verified against PIL's ImageOps.exif_transpose by the recipe.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Jpeg_with_exif_orientation_decodes_upright(int orientation)
    {
        var image = ImageDecoder.Decode(Fixture.Path($"jpeg_exif_orientation_{orientation}.jpg"));

        Assert.Equal((24, 16), (image.Width, image.Height));
        Fixture.AssertQuadrants(image, 40);
    }

    [Fact]
    public void Orientation_6_is_stored_turned_anticlockwise_and_decoded_turned_clockwise()
    {
        var stored = ImageDecoder.Decode(Fixture.Path("jpeg_exif_orientation_6.jpg"), options: new DecodeOptions { ApplyExifOrientation = false });
        var upright = ImageDecoder.Decode(Fixture.Path("jpeg_exif_orientation_6.jpg"));

        // Stored 16 wide × 24 tall with red (upright top-left) at the bottom-left; upright red is top-left.
        Assert.Equal((16, 24), (stored.Width, stored.Height));
        Fixture.AssertColor(Fixture.Red, stored.GetPixel(4, 18), 40, "stored bottom-left");
        Fixture.AssertColor(Fixture.Red, upright.GetPixel(2, 2), 40, "upright top-left corner");
        Fixture.AssertColor(Fixture.Yellow, upright.GetPixel(21, 13), 40, "upright bottom-right corner");
    }

    [Fact]
    public void Orientation_is_applied_exactly_on_a_known_pixel_grid()
    {
        // 3×2 image with distinct pixels; orientation 6 turns it clockwise into 2×3.
        byte[] data =
        [
            1, 1, 1, 2, 2, 2, 3, 3, 3,
            4, 4, 4, 5, 5, 5, 6, 6, 6,
        ];
        var image = new RgbImage(3, 2, data);

        var turned = image.ApplyExifOrientation(6);

        // Clockwise: the left column read bottom-up becomes the top row.
        Assert.Equal((2, 3), (turned.Width, turned.Height));
        Assert.Equal([4, 4, 4, 1, 1, 1, 5, 5, 5, 2, 2, 2, 6, 6, 6, 3, 3, 3], turned.Pixels.ToArray());
        Assert.Equal(image.Pixels.ToArray(), turned.ApplyExifOrientation(8).Pixels.ToArray());
    }
}
