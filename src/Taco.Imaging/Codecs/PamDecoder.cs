using Taco.Imaging.Formats;

namespace Taco.Imaging.Codecs;

/// <summary>
/// Netpbm's PAM (P7: grey, grey + alpha, RGB, RGBA; 8 or 16 bits), which ImageSharp 2.1's PBM decoder does not read.
/// The header was checked (complete raster) before this runs.
/// </summary>
internal static class PamDecoder
{
    internal static RgbImage Decode(ReadOnlySpan<byte> data, string source)
    {
        var header = PnmHeader.ReadPamHeader(data, source);
        int width = (int)header.Width, height = (int)header.Height, depth = header.Depth;
        var sampleBytes = header.MaxValue > 255 ? 2 : 1;
        var raster = data[header.RasterStart..];
        var pixels = new byte[checked(width * height * 3)];
        Span<byte> sample = stackalloc byte[4];
        for (var i = 0; i < width * height; i++)
        {
            for (var c = 0; c < depth; c++)
            {
                var at = ((i * depth) + c) * sampleBytes;
                var value = sampleBytes == 1 ? raster[at] : (raster[at] << 8) | raster[at + 1];
                sample[c] = (byte)(((Math.Min(value, header.MaxValue) * 255) + (header.MaxValue / 2)) / header.MaxValue);
            }

            var colour = depth >= 3;
            byte r = sample[0], g = colour ? sample[1] : sample[0], b = colour ? sample[2] : sample[0];
            var alpha = depth is 2 or 4 ? sample[depth - 1] : 255;
            pixels[3 * i] = Alpha.OverWhite(r, alpha);
            pixels[(3 * i) + 1] = Alpha.OverWhite(g, alpha);
            pixels[(3 * i) + 2] = Alpha.OverWhite(b, alpha);
        }

        return new RgbImage(width, height, pixels);
    }
}
