using System.Buffers.Binary;

namespace Taco.Imaging.Formats;

/// <summary>
/// The first IFD of a classic TIFF: its size, and whether every strip or tile it points to lies
/// inside the file (libtiff reports short files on stderr; we report them as exceptions).
/// </summary>
internal static class TiffHeader
{
    private const ImageFormat Tiff = ImageFormat.Tiff;
    private const ushort ImageWidth = 256;
    private const ushort ImageLength = 257;
    private const ushort StripOffsets = 273;
    private const ushort StripByteCounts = 279;
    private const ushort TileOffsets = 324;
    private const ushort TileByteCounts = 325;

    internal static (long Width, long Height) Read(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length < 8)
        {
            throw HeaderReader.Truncated(source, Tiff, "shorter than the 8-byte header");
        }

        var little = data[0] == (byte)'I';
        if (U16(data[2..], little) == 43)
        {
            throw new ImageDecodeException(source, ImageDecodeError.Unsupported, "BigTIFF is not supported");
        }

        long ifd = U32(data[4..], little);
        if (ifd < 8 || ifd + 2 > data.Length)
        {
            throw HeaderReader.Truncated(source, Tiff, $"the first IFD at byte {ifd} is outside the file");
        }

        int count = U16(data[(int)ifd..], little);
        if (ifd + 2 + (12L * count) > data.Length)
        {
            throw HeaderReader.Truncated(source, Tiff, "the first IFD runs past the end");
        }

        long width = -1, height = -1;
        long[]? offsets = null, counts = null;
        for (var i = 0; i < count; i++)
        {
            var entry = data.Slice((int)ifd + 2 + (12 * i), 12);
            var tag = U16(entry, little);
            switch (tag)
            {
                case ImageWidth: width = Values(data, entry, little, source)[0]; break;
                case ImageLength: height = Values(data, entry, little, source)[0]; break;
                case StripOffsets or TileOffsets: offsets = Values(data, entry, little, source); break;
                case StripByteCounts or TileByteCounts: counts = Values(data, entry, little, source); break;
            }
        }

        if (width < 0 || height < 0)
        {
            throw HeaderReader.Corrupt(source, Tiff, "the first IFD has no ImageWidth/ImageLength");
        }

        if (offsets is not null && counts is not null)
        {
            for (var i = 0; i < Math.Min(offsets.Length, counts.Length); i++)
            {
                if (offsets[i] + counts[i] > data.Length)
                {
                    throw HeaderReader.Truncated(source, Tiff, $"image data block {i} ends at byte {offsets[i] + counts[i]}, the file has {data.Length}");
                }
            }
        }

        return (width, height);
    }

    /// <summary>The SHORT or LONG values of one IFD entry (inline when they fit in 4 bytes).</summary>
    private static long[] Values(ReadOnlySpan<byte> data, ReadOnlySpan<byte> entry, bool little, string source)
    {
        var type = U16(entry[2..], little);
        long n = U32(entry[4..], little);
        var size = type switch
        {
            3 => 2,
            4 => 4,
            _ => throw HeaderReader.Corrupt(source, Tiff, $"tag {U16(entry, little)} has type {type}, expected SHORT or LONG"),
        };
        if (n < 1 || n > 1 << 24)
        {
            throw HeaderReader.Corrupt(source, Tiff, $"tag {U16(entry, little)} has {n} values");
        }

        ReadOnlySpan<byte> bytes;
        if (n * size <= 4)
        {
            bytes = entry.Slice(8, (int)n * size);
        }
        else
        {
            long at = U32(entry[8..], little);
            if (at + (n * size) > data.Length)
            {
                throw HeaderReader.Truncated(source, Tiff, $"tag {U16(entry, little)} values at byte {at} run past the end");
            }

            bytes = data.Slice((int)at, (int)n * size);
        }

        var values = new long[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = size == 2 ? U16(bytes[(i * 2)..], little) : U32(bytes[(i * 4)..], little);
        }

        return values;
    }

    private static ushort U16(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);

    private static uint U32(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
}
