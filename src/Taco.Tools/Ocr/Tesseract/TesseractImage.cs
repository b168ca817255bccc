using Taco.Imaging;

namespace Taco.Tools.Ocr.Tesseract;

/// <summary>
/// Pixels as <c>TessBaseAPISetImage</c> takes them: the conversation's RGB image as it is, or the grey image
/// OCR preparation made (1 byte per pixel). Tesseract copies them into its own image, so nothing is kept.
/// </summary>
internal readonly record struct TesseractImage(ReadOnlyMemory<byte> Pixels, int Width, int Height, int BytesPerPixel)
{
    public int Stride => Width * BytesPerPixel;

    public static TesseractImage Of(RgbImage image) => new(image.PixelMemory, image.Width, image.Height, 3);
}
