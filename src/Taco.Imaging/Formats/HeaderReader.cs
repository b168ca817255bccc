using System.Buffers.Binary;

namespace Taco.Imaging.Formats;

/// <summary>
/// Reads format and dimensions from the first bytes of a file, in managed code, so that non-images
/// and oversized images are refused before any native decoder sees them.
/// </summary>
internal static class HeaderReader
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    internal static ImageHeader Read(ReadOnlySpan<byte> data, string source) => Read(data, source, out _);

    /// <param name="data">The whole file.</param>
    /// <param name="source">Names the file in exceptions.</param>
    /// <param name="orientation">The EXIF orientation of a JPEG (1 when absent or not a JPEG).</param>
    internal static ImageHeader Read(ReadOnlySpan<byte> data, string source, out int orientation)
    {
        orientation = ExifOrientation.Normal;
        if (data.IsEmpty)
        {
            throw new ImageDecodeException(source, ImageDecodeError.Empty, "the file is empty (0 bytes)");
        }

        if (data.Length >= 12 && data[4..8].SequenceEqual("ftyp"u8))
        {
            // ISO-BMFF images (HEIC from phones, AVIF) are common enough to deserve their own message.
            var brand = System.Text.Encoding.ASCII.GetString(data[8..12]);
            throw new ImageDecodeException(source, ImageDecodeError.Unsupported, $"HEIC/AVIF-style images (brand '{brand}') are not supported; convert to JPEG or PNG first");
        }

        var format = Sniff(data) ?? throw new ImageDecodeException(
            source, ImageDecodeError.NotAnImage, $"not an image: the first bytes ({Describe(data)}) match no supported format (PNG, JPEG, TIFF, WebP, GIF, BMP, PNM)");

        var (width, height) = format switch
        {
            ImageFormat.Png => ReadPng(data, source),
            ImageFormat.Jpeg => ReadJpeg(data, source, out orientation),
            ImageFormat.Gif => GifStructure.Read(data, source),
            ImageFormat.Bmp => ReadBmp(data, source),
            ImageFormat.Pnm => PnmHeader.Read(data, source),
            ImageFormat.Tiff => TiffHeader.Read(data, source),
            ImageFormat.WebP => ReadWebP(data, source),
            _ => throw new ImageDecodeException(source, ImageDecodeError.Unsupported, $"format {format} is not supported"),
        };

        if (width <= 0 || height <= 0)
        {
            throw new ImageDecodeException(source, ImageDecodeError.Corrupt, $"the {format} header declares an empty size {width}×{height}");
        }

        if (width > int.MaxValue || height > int.MaxValue)
        {
            throw new ImageDecodeException(source, ImageDecodeError.TooLarge, $"the {format} header declares {width}×{height} pixels");
        }

        return new ImageHeader(format, (int)width, (int)height);
    }

    /// <summary>The format whose magic bytes start <paramref name="data"/>, or null.</summary>
    internal static ImageFormat? Sniff(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith(PngSignature))
        {
            return ImageFormat.Png;
        }

        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return ImageFormat.Jpeg;
        }

        if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8))
        {
            return ImageFormat.Gif;
        }

        if (data.StartsWith("II*\0"u8) || data.StartsWith("MM\0*"u8) || data.StartsWith("II+\0"u8) || data.StartsWith("MM\0+"u8))
        {
            return ImageFormat.Tiff;
        }

        if (data.Length >= 12 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            return ImageFormat.WebP;
        }

        if (data.Length >= 14 && data.StartsWith("BM"u8))
        {
            return ImageFormat.Bmp;
        }

        if (data.Length >= 3 && data[0] == (byte)'P' && data[1] is >= (byte)'1' and <= (byte)'7' && IsPnmSpace(data[2]))
        {
            return ImageFormat.Pnm;
        }

        return null;
    }

    internal static bool IsPnmSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f';

    internal static ImageDecodeException Truncated(string source, ImageFormat format, string where) =>
        new(source, ImageDecodeError.Truncated, $"the {format} file is truncated ({where})");

    internal static ImageDecodeException Corrupt(string source, ImageFormat format, string what) =>
        new(source, ImageDecodeError.Corrupt, $"the {format} file is corrupt ({what})");

    private static (long, long) ReadPng(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length < 33)
        {
            throw Truncated(source, ImageFormat.Png, "shorter than the signature and IHDR chunk");
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(data[8..]) != 13 || !data[12..16].SequenceEqual("IHDR"u8))
        {
            throw Corrupt(source, ImageFormat.Png, "the first chunk is not a 13-byte IHDR");
        }

        long width = BinaryPrimitives.ReadUInt32BigEndian(data[16..]);
        long height = BinaryPrimitives.ReadUInt32BigEndian(data[20..]);

        // Walk the chunk list to IEND so a cut-off download is reported as such instead of reaching
        // libpng, whose error path writes to stderr.
        long pos = 8;
        var sawData = false;
        while (true)
        {
            if (pos + 8 > data.Length)
            {
                throw Truncated(source, ImageFormat.Png, $"chunk header at byte {pos} is missing; no IEND chunk");
            }

            long length = BinaryPrimitives.ReadUInt32BigEndian(data[(int)pos..]);
            var type = data.Slice((int)pos + 4, 4);
            var end = pos + 12 + length;
            if (length > int.MaxValue || end > data.Length)
            {
                throw Truncated(source, ImageFormat.Png, $"chunk at byte {pos} runs past the end of the file");
            }

            sawData |= type.SequenceEqual("IDAT"u8);
            if (type.SequenceEqual("IEND"u8))
            {
                break;
            }

            pos = end;
        }

        if (!sawData)
        {
            throw Corrupt(source, ImageFormat.Png, "no IDAT chunk");
        }

        return (width, height);
    }

    private static (long, long) ReadJpeg(ReadOnlySpan<byte> data, string source, out int orientation)
    {
        var jpeg = JpegStructure.Read(data, source);
        orientation = jpeg.Orientation;
        return jpeg.Size;
    }

    private static (long, long) ReadBmp(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length < 26)
        {
            throw Truncated(source, ImageFormat.Bmp, "shorter than the headers");
        }

        long pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[10..]);
        var dibSize = BinaryPrimitives.ReadUInt32LittleEndian(data[14..]);
        long width, height;
        int bitCount;
        uint compression = 0;
        if (dibSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(data[18..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(data[20..]);
            bitCount = BinaryPrimitives.ReadUInt16LittleEndian(data[24..]);
        }
        else if (dibSize >= 40)
        {
            if (data.Length < 34)
            {
                throw Truncated(source, ImageFormat.Bmp, "shorter than the info header");
            }

            width = BinaryPrimitives.ReadInt32LittleEndian(data[18..]);
            height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(data[22..])); // negative = top-down rows
            bitCount = BinaryPrimitives.ReadUInt16LittleEndian(data[28..]);
            compression = BinaryPrimitives.ReadUInt32LittleEndian(data[30..]);
        }
        else
        {
            throw Corrupt(source, ImageFormat.Bmp, $"unknown info header size {dibSize}");
        }

        // Uncompressed rows have a known size, so a short file is detectable here.
        if ((compression == 0 || compression == 3) && width > 0 && height > 0 && bitCount is 1 or 4 or 8 or 16 or 24 or 32)
        {
            var rowBytes = ((bitCount * width) + 31) / 32 * 4;
            if (pixelOffset + (rowBytes * height) > data.Length)
            {
                throw Truncated(source, ImageFormat.Bmp, $"{data.Length} bytes, but the pixel rows need {pixelOffset + (rowBytes * height)}");
            }
        }

        return (width, height);
    }

    private static (long, long) ReadWebP(ReadOnlySpan<byte> data, string source)
    {
        long riffSize = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (8 + riffSize > data.Length)
        {
            throw Truncated(source, ImageFormat.WebP, $"the RIFF header declares {8 + riffSize} bytes but the file has {data.Length}");
        }

        if (data.Length < 30)
        {
            throw Truncated(source, ImageFormat.WebP, "shorter than the first chunk header");
        }

        var chunk = data[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            if ((data[20] & 0x02) != 0)
            {
                throw new ImageDecodeException(source, ImageDecodeError.Unsupported, "animated WebP is not supported");
            }

            return (1 + ReadUInt24(data[24..]), 1 + ReadUInt24(data[27..]));
        }

        if (chunk.SequenceEqual("VP8L"u8))
        {
            if (data[20] != 0x2F)
            {
                throw Corrupt(source, ImageFormat.WebP, "bad VP8L signature");
            }

            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return (1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF));
        }

        if (chunk.SequenceEqual("VP8 "u8))
        {
            if (data[23] != 0x9D || data[24] != 0x01 || data[25] != 0x2A)
            {
                throw Corrupt(source, ImageFormat.WebP, "bad VP8 start code");
            }

            return (BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF);
        }

        throw Corrupt(source, ImageFormat.WebP, "the first chunk is not VP8, VP8L or VP8X");
    }

    private static long ReadUInt24(ReadOnlySpan<byte> b) => b[0] | (b[1] << 8) | (b[2] << 16);

    private static string Describe(ReadOnlySpan<byte> data)
    {
        var head = data[..Math.Min(8, data.Length)];
        return Convert.ToHexString(head);
    }
}
