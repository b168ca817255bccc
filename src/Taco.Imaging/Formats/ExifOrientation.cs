using System.Buffers.Binary;

namespace Taco.Imaging.Formats;

/// <summary>
/// The EXIF orientation tag (0x0112) from a JPEG APP1 segment. Malformed EXIF is ignored (orientation 1),
/// as photo viewers do: a broken tag must not make an otherwise good photo undecodable.
/// </summary>
internal static class ExifOrientation
{
    internal const int Normal = 1;

    internal static int Read(ReadOnlySpan<byte> app1)
    {
        if (!app1.StartsWith("Exif\0\0"u8))
        {
            return Normal;
        }

        var tiff = app1[6..];
        if (tiff.Length < 8)
        {
            return Normal;
        }

        bool little;
        if (tiff.StartsWith("II"u8))
        {
            little = true;
        }
        else if (tiff.StartsWith("MM"u8))
        {
            little = false;
        }
        else
        {
            return Normal;
        }

        if (U16(tiff[2..], little) != 42)
        {
            return Normal;
        }

        long ifd = U32(tiff[4..], little);
        if (ifd + 2 > tiff.Length)
        {
            return Normal;
        }

        int count = U16(tiff[(int)ifd..], little);
        for (var i = 0; i < count; i++)
        {
            var entry = ifd + 2 + (12L * i);
            if (entry + 12 > tiff.Length)
            {
                return Normal;
            }

            var e = tiff.Slice((int)entry, 12);
            if (U16(e, little) == 0x0112 && U16(e[2..], little) == 3)
            {
                int value = U16(e[8..], little);
                return value is >= 1 and <= 8 ? value : Normal;
            }
        }

        return Normal;
    }

    private static ushort U16(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);

    private static uint U32(ReadOnlySpan<byte> b, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
}
