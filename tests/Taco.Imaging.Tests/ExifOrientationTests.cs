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

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Orientation_matches_the_exif_definition_across_tile_edges(int orientation)
    {
        // 70×45 spans several 32-pixel tiles with ragged edges; every pixel is checked.
        const int W = 70, H = 45;
        var pixels = new byte[W * H * 3];
        new Random(orientation).NextBytes(pixels);
        var image = new RgbImage(W, H, pixels);

        var upright = image.ApplyExifOrientation(orientation);

        var swapped = orientation >= 5;
        Assert.Equal(swapped ? (H, W) : (W, H), (upright.Width, upright.Height));
        for (var y = 0; y < upright.Height; y++)
        {
            for (var x = 0; x < upright.Width; x++)
            {
                // Where the upright pixel (x, y) is stored, per EXIF 2.3's orientation table.
                var (sx, sy) = orientation switch
                {
                    2 => (W - 1 - x, y),
                    3 => (W - 1 - x, H - 1 - y),
                    4 => (x, H - 1 - y),
                    5 => (y, x),
                    6 => (y, H - 1 - x),
                    7 => (W - 1 - y, H - 1 - x),
                    _ => (W - 1 - y, x),
                };
                Assert.Equal(image.GetPixel(sx, sy), upright.GetPixel(x, y));
            }
        }
    }
}
