namespace Taco.Tools;

/// <summary>Raw 8-bit pixels, rows top to bottom, each row <see cref="Stride"/> bytes apart.</summary>
public sealed class PixelBuffer
{
    public PixelBuffer(int width, int height, int stride, PixelFormat format, ReadOnlyMemory<byte> pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (!Enum.IsDefined(format))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown pixel format.");
        }

        var rowBytes = (long)width * (int)format;
        if (stride < rowBytes)
        {
            throw new ArgumentException($"Stride {stride} is smaller than a row of {width} {format} pixels ({rowBytes} bytes).", nameof(stride));
        }

        var needed = ((long)stride * (height - 1)) + rowBytes;
        if (pixels.Length < needed)
        {
            throw new ArgumentException($"A {width}×{height} {format} image with stride {stride} needs {needed} bytes; got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Stride = stride;
        Format = format;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public int Stride { get; }

    public PixelFormat Format { get; }

    public int BytesPerPixel => (int)Format;

    public ReadOnlyMemory<byte> Pixels { get; }

    public ReadOnlySpan<byte> Row(int y) => Pixels.Span.Slice(y * Stride, Width * BytesPerPixel);
}
