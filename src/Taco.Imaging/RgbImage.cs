using Taco.Imaging.Processing;

namespace Taco.Imaging;

/// <summary>
/// An immutable 8-bit RGB image: rows top to bottom, pixels interleaved R,G,B, no row padding
/// (stride = 3 × <see cref="Width"/>). Every operation returns a new image.
/// </summary>
public sealed class RgbImage
{
    private readonly byte[] pixels;

    /// <summary>Wraps <paramref name="pixels"/> (taken over, not copied): <c>width × height × 3</c> bytes.</summary>
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if ((long)width * height * 3 != pixels.Length)
        {
            throw new ArgumentException($"Expected {(long)width * height * 3} bytes for {width}×{height} RGB, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        this.pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Bytes per row (3 × <see cref="Width"/>).</summary>
    public int Stride => Width * 3;

    /// <summary>The interleaved RGB bytes; pin with <c>fixed</c> to hand them to native code.</summary>
    public ReadOnlySpan<byte> Pixels => pixels;

    /// <summary>Row <paramref name="y"/>'s <see cref="Stride"/> bytes.</summary>
    public ReadOnlySpan<byte> Row(int y) => pixels.AsSpan(y * Stride, Stride);

    /// <summary>The same bytes as <see cref="Pixels"/>, for code that keeps them beyond a call (codecs, native APIs) without copying.</summary>
    public ReadOnlyMemory<byte> PixelMemory => pixels;

    /// <summary>A new image filled with one colour.</summary>
    public static RgbImage Create(int width, int height, Rgb fill)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var data = new byte[checked(width * height * 3)];
        Fill(data, fill);
        return new RgbImage(width, height, data);
    }

    public Rgb GetPixel(int x, int y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        ArgumentOutOfRangeException.ThrowIfNegative(y);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(x, Width);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(y, Height);
        var i = (y * Stride) + (3 * x);
        return new Rgb(pixels[i], pixels[i + 1], pixels[i + 2]);
    }

    /// <summary>
    /// Resizes for model input: per axis, exact area averaging when shrinking and bilinear interpolation
    /// when enlarging, pixel centres aligned. Vectorised managed code: Leptonica's area map took several
    /// times longer than the few milliseconds a 1024×768 → 384×384 preprocessing step may cost.
    /// Use <see cref="ResizeHighQuality"/> for zooming.
    /// </summary>
    public RgbImage Resize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (width == Width && height == Height)
        {
            return this;
        }

        return SeparableResampler.Resize(
            this,
            width,
            height,
            width < Width ? ResampleFilter.Area : ResampleFilter.Bilinear,
            height < Height ? ResampleFilter.Area : ResampleFilter.Bilinear);
    }

    /// <summary>
    /// Resizes with a Lanczos-3 filter (widened when shrinking, so it also anti-aliases), the quality
    /// of PIL's <c>Image.LANCZOS</c>. Slower than <see cref="Resize"/>; meant for ZoomIn and display.
    /// </summary>
    public RgbImage ResizeHighQuality(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return width == Width && height == Height
            ? this
            : SeparableResampler.Resize(this, width, height, ResampleFilter.Lanczos3, ResampleFilter.Lanczos3);
    }

    /// <summary>
    /// Resizes with a bicubic (Keys, a = −0.5) filter, widened when shrinking: PIL's <c>Image.BICUBIC</c>,
    /// the <c>resample: 3</c> of Hugging Face image processors such as DPT (Depth-Anything). See <see cref="ResizeLikePil"/>.
    /// </summary>
    public RgbImage ResizeBicubic(int width, int height) => ResizeLikePil(width, height, PilBicubic);

    /// <summary>PIL's resample numbers, as Hugging Face's <c>preprocessor_config.json</c> writes them.</summary>
    public const int PilLanczos = 1;
    public const int PilBilinear = 2;
    public const int PilBicubic = 3;

    /// <summary>
    /// Resizes as PIL's <c>Image.resize</c> does with the filter a Hugging Face <c>preprocessor_config.json</c>
    /// names by number (<c>resample</c>: 1 Lanczos-3, 2 bilinear, 3 bicubic; each widened when shrinking, so it
    /// also anti-aliases). Like PIL it resizes horizontally first and rounds and clips to 8 bits between the
    /// passes: on sharp edges the overshoot is clipped there, and a float intermediate would differ from what
    /// models were trained on by several levels.
    /// </summary>
    public RgbImage ResizeLikePil(int width, int height, int resample)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var filter = resample switch
        {
            PilLanczos => ResampleFilter.Lanczos3,
            PilBilinear => ResampleFilter.Bilinear,
            PilBicubic => ResampleFilter.Bicubic,
            _ => throw new ArgumentOutOfRangeException(nameof(resample), resample, "PIL resample 1 (Lanczos), 2 (bilinear) or 3 (bicubic) is supported."),
        };
        var horizontal = width == Width ? this : SeparableResampler.Resize(this, width, Height, filter, filter);
        return height == Height ? horizontal : SeparableResampler.Resize(horizontal, width, height, filter, filter);
    }

    /// <summary>
    /// Scales so the shorter side becomes <paramref name="shortestEdge"/>, keeping the aspect ratio; the
    /// longer side is truncated as Hugging Face image processors do (<c>int(size · long / short)</c>).
    /// </summary>
    public RgbImage ResizeShortestEdge(int shortestEdge)
    {
        var (width, height) = ShortestEdgeSize(shortestEdge);
        return Resize(width, height);
    }

    /// <summary>The size <see cref="ResizeShortestEdge"/> scales to.</summary>
    public (int Width, int Height) ShortestEdgeSize(int shortestEdge)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shortestEdge);
        return Width <= Height
            ? (shortestEdge, Math.Max(1, (int)((long)shortestEdge * Height / Width)))
            : (Math.Max(1, (int)((long)shortestEdge * Width / Height)), shortestEdge);
    }

    /// <summary>Copies the pixels inside <paramref name="rect"/>, which must lie within the image and be non-empty.</summary>
    public RgbImage Crop(PixelRect rect)
    {
        if (rect.IsEmpty || rect.X < 0 || rect.Y < 0 || rect.Right > Width || rect.Bottom > Height)
        {
            throw new ArgumentOutOfRangeException(nameof(rect), rect, $"Crop rectangle must be non-empty and inside the {Width}×{Height} image.");
        }

        if (rect.Width == Width && rect.Height == Height)
        {
            return this;
        }

        var data = new byte[rect.Width * rect.Height * 3];
        var rowBytes = rect.Width * 3;
        for (var y = 0; y < rect.Height; y++)
        {
            pixels.AsSpan(((rect.Y + y) * Stride) + (rect.X * 3), rowBytes).CopyTo(data.AsSpan(y * rowBytes, rowBytes));
        }

        return new RgbImage(rect.Width, rect.Height, data);
    }

    /// <summary>
    /// Crops <paramref name="width"/> × <paramref name="height"/> from the centre with Hugging Face's
    /// <c>center_crop</c> rounding (offset rounded down; when padding, the extra pixel goes before the image);
    /// a side larger than the image is padded with <paramref name="fill"/>.
    /// </summary>
    public RgbImage CenterCrop(int width, int height, Rgb fill = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var padX = Math.Max(0, width - Width);
        var padY = Math.Max(0, height - Height);
        var padded = padX > 0 || padY > 0 ? Pad((padX + 1) / 2, (padY + 1) / 2, padX / 2, padY / 2, fill) : this;
        return padded.Crop(new PixelRect((padded.Width - width) / 2, (padded.Height - height) / 2, width, height));
    }

    /// <summary>Adds borders of the given widths in <paramref name="fill"/> colour.</summary>
    public RgbImage Pad(int left, int top, int right, int bottom, Rgb fill)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(left);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfNegative(right);
        ArgumentOutOfRangeException.ThrowIfNegative(bottom);
        var width = checked(Width + left + right);
        var height = checked(Height + top + bottom);
        var data = new byte[checked(width * height * 3)];
        Fill(data, fill);
        for (var y = 0; y < Height; y++)
        {
            pixels.AsSpan(y * Stride, Stride).CopyTo(data.AsSpan((((top + y) * width) + left) * 3));
        }

        return new RgbImage(width, height, data);
    }

    /// <summary>Pads right and bottom (the image stays at the top-left) to <paramref name="width"/> × <paramref name="height"/>.</summary>
    public RgbImage PadTo(int width, int height, Rgb fill)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, Width);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, Height);
        return width == Width && height == Height ? this : Pad(0, 0, width - Width, height - Height, fill);
    }

    /// <summary>
    /// Draws the outline of each rectangle, <paramref name="lineWidth"/> pixels thick and growing inwards
    /// from the rectangle's edge (as PIL's <c>ImageDraw.rectangle</c>); parts outside the image are clipped.
    /// </summary>
    public RgbImage DrawRectangles(IEnumerable<PixelRect> rects, Rgb color, int lineWidth = 2)
    {
        ArgumentNullException.ThrowIfNull(rects);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lineWidth);
        var data = (byte[])pixels.Clone();
        foreach (var rect in rects)
        {
            RectangleOutline.Draw(data, Width, Height, rect, color, lineWidth);
        }

        return new RgbImage(Width, Height, data);
    }

    /// <inheritdoc cref="DrawRectangles"/>
    public RgbImage DrawRectangle(PixelRect rect, Rgb color, int lineWidth = 2) => DrawRectangles([rect], color, lineWidth);

    /// <summary>The image with EXIF orientation <paramref name="orientation"/> (1–8) undone, as a viewer shows it.</summary>
    public RgbImage ApplyExifOrientation(int orientation)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(orientation, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(orientation, 8);
        return orientation == 1 ? this : Orientation.Apply(this, orientation);
    }

    private static void Fill(Span<byte> data, Rgb fill)
    {
        if (fill.R == fill.G && fill.G == fill.B)
        {
            data.Fill(fill.R);
            return;
        }

        ReadOnlySpan<byte> one = [fill.R, fill.G, fill.B];
        for (var i = 0; i < data.Length; i += 3)
        {
            one.CopyTo(data[i..]);
        }
    }
}
