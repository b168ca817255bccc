using System.Buffers.Binary;

namespace Taco.Imaging.Formats;

/// <summary>
/// Walks a GIF's blocks from the logical screen descriptor to the trailer: the decoder reads only the first
/// frame and would accept a file cut off after it, so a file that never reaches its trailer is caught here.
/// </summary>
internal static class GifStructure
{
    private const ImageFormat Gif = ImageFormat.Gif;

    /// <summary>The logical screen size, after checking every block is complete and the trailer is there.</summary>
    internal static (long Width, long Height) Read(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length < 13)
        {
            throw HeaderReader.Truncated(source, Gif, "shorter than the logical screen descriptor");
        }

        var pos = 13 + ColorTableBytes(data[10]);
        while (true)
        {
            if (pos >= data.Length)
            {
                throw HeaderReader.Truncated(source, Gif, "no trailer");
            }

            switch (data[pos])
            {
                case 0x3B:
                    return (BinaryPrimitives.ReadUInt16LittleEndian(data[6..]), BinaryPrimitives.ReadUInt16LittleEndian(data[8..]));
                case 0x21:
                    pos = SkipSubBlocks(data, pos + 2, source);
                    break;
                case 0x2C:
                    if (pos + 10 > data.Length)
                    {
                        throw HeaderReader.Truncated(source, Gif, $"image descriptor at byte {pos}");
                    }

                    // Descriptor, local colour table, LZW minimum code size, then the data sub-blocks.
                    pos = SkipSubBlocks(data, pos + 10 + ColorTableBytes(data[pos + 9]) + 1, source);
                    break;
                default:
                    throw HeaderReader.Corrupt(source, Gif, $"unknown block 0x{data[pos]:X2} at byte {pos}");
            }
        }
    }

    private static int ColorTableBytes(byte flags) => (flags & 0x80) == 0 ? 0 : 3 << ((flags & 0x07) + 1);

    private static int SkipSubBlocks(ReadOnlySpan<byte> data, int pos, string source)
    {
        while (pos < data.Length && data[pos] != 0)
        {
            pos += data[pos] + 1;
        }

        if (pos >= data.Length)
        {
            throw HeaderReader.Truncated(source, Gif, "a block runs past the end of the file");
        }

        return pos + 1;
    }
}
