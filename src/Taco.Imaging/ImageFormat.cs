namespace Taco.Imaging;

/// <summary>The container formats Taco.Imaging recognises from their magic bytes.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
    Tiff,
    WebP,
    Gif,
    Bmp,
    Pnm,
}
