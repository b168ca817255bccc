using System.Buffers.Binary;

namespace Taco.Imaging.Formats;

/// <summary>
/// Walks a JPEG's marker segments: the frame size, the EXIF orientation, and whether the file
/// reaches its EOI marker. libjpeg silently pads a cut-off file with grey, so truncation is caught here.
/// </summary>
internal readonly record struct JpegStructure((long Width, long Height) Size, int Orientation)
{
    internal static JpegStructure Read(ReadOnlySpan<byte> data, string source)
    {
        const ImageFormat Jpeg = ImageFormat.Jpeg;
        long width = 0, height = 0;
        var orientation = 1;
        var sawFrame = false;
        var pos = 2;
        while (true)
        {
            if (pos >= data.Length)
            {
                throw HeaderReader.Truncated(source, Jpeg, "no end-of-image marker");
            }

            if (data[pos] != 0xFF)
            {
                throw HeaderReader.Corrupt(source, Jpeg, $"expected a marker at byte {pos}");
            }

            while (pos < data.Length && data[pos] == 0xFF)
            {
                pos++; // fill bytes
            }

            if (pos >= data.Length)
            {
                throw HeaderReader.Truncated(source, Jpeg, "no end-of-image marker");
            }

            var marker = data[pos++];
            if (marker == 0xD9)
            {
                break;
            }

            if (marker is 0x01 or 0xD8 or (>= 0xD0 and <= 0xD7))
            {
                continue; // markers without a length
            }

            if (pos + 2 > data.Length)
            {
                throw HeaderReader.Truncated(source, Jpeg, $"segment length at byte {pos} is missing");
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
            if (length < 2)
            {
                throw HeaderReader.Corrupt(source, Jpeg, $"segment at byte {pos} has length {length}");
            }

            if (pos + length > data.Length)
            {
                throw HeaderReader.Truncated(source, Jpeg, $"segment 0xFF{marker:X2} at byte {pos} runs past the end");
            }

            var segment = data.Slice(pos + 2, length - 2);
            if (IsStartOfFrame(marker) && !sawFrame)
            {
                if (segment.Length < 6)
                {
                    throw HeaderReader.Corrupt(source, Jpeg, "start-of-frame segment too short");
                }

                height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
                sawFrame = true;
            }
            else if (marker == 0xE1 && orientation == 1)
            {
                orientation = ExifOrientation.Read(segment);
            }

            pos += length;
            if (marker == 0xDA)
            {
                pos = SkipEntropyCodedData(data, pos);
                if (pos < 0)
                {
                    throw HeaderReader.Truncated(source, Jpeg, "the compressed data ends without an end-of-image marker");
                }
            }
        }

        if (!sawFrame)
        {
            throw HeaderReader.Corrupt(source, Jpeg, "no start-of-frame segment before the end-of-image marker");
        }

        return new JpegStructure((width, height), orientation);
    }

    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
    private static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;

    /// <summary>Returns the offset of the next real marker after scan data, or -1 when the data runs out.</summary>
    private static int SkipEntropyCodedData(ReadOnlySpan<byte> data, int pos)
    {
        while (true)
        {
            var next = data[pos..].IndexOf((byte)0xFF);
            if (next < 0)
            {
                return -1;
            }

            pos += next;
            if (pos + 1 >= data.Length)
            {
                return -1;
            }

            var following = data[pos + 1];
            if (following == 0x00 || following is >= 0xD0 and <= 0xD7)
            {
                pos += 2; // stuffed zero or restart marker: still scan data
            }
            else if (following == 0xFF)
            {
                pos += 1; // fill byte before a marker
            }
            else
            {
                return pos;
            }
        }
    }
}
