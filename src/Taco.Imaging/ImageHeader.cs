namespace Taco.Imaging;

/// <summary>
/// What an image file declares about itself before any pixel is decoded. Width and height are the
/// stored dimensions (before EXIF orientation, which may swap them).
/// </summary>
public readonly record struct ImageHeader(ImageFormat Format, int Width, int Height)
{
    public long PixelCount => (long)Width * Height;
}
