using System.Text;

namespace Taco.Imaging.Formats;

/// <summary>Netpbm headers: P1–P6 (whitespace-separated numbers, # comments) and P7 (PAM, keyword lines).</summary>
internal static class PnmHeader
{
    private const ImageFormat Pnm = ImageFormat.Pnm;

    internal static (long Width, long Height) Read(ReadOnlySpan<byte> data, string source)
    {
        var kind = data[1] - (byte)'0';
        return kind == 7 ? ReadPam(data, source) : ReadClassic(data, kind, source);
    }

    private static (long, long) ReadClassic(ReadOnlySpan<byte> data, int kind, string source)
    {
        var pos = 2;
        var width = NextNumber(data, ref pos, source);
        var height = NextNumber(data, ref pos, source);
        long maxValue = kind is 1 or 4 ? 1 : NextNumber(data, ref pos, source);
        if (maxValue is < 1 or > 65535)
        {
            throw HeaderReader.Corrupt(source, Pnm, $"maximum value {maxValue} is outside 1..65535");
        }

        if (kind >= 4)
        {
            // Binary rasters start after exactly one whitespace byte; their size is known.
            var bytesPerSample = maxValue > 255 ? 2 : 1;
            var needed = kind switch
            {
                4 => (width + 7) / 8 * height,
                5 => width * height * bytesPerSample,
                _ => width * height * 3 * bytesPerSample,
            };
            CheckRaster(data, pos + 1, needed, source);
        }

        return (width, height);
    }

    private static (long, long) ReadPam(ReadOnlySpan<byte> data, string source)
    {
        var pam = ReadPamHeader(data, source);
        return (pam.Width, pam.Height);
    }

    /// <summary>A PAM (P7) header's fields and where its raster starts, checked as <see cref="Read"/> checks them.</summary>
    internal static PamHeader ReadPamHeader(ReadOnlySpan<byte> data, string source)
    {
        long width = -1, height = -1, depth = -1, maxValue = -1;
        var pos = 3;
        while (true)
        {
            var lineEnd = data[pos..].IndexOf((byte)'\n');
            if (lineEnd < 0)
            {
                throw HeaderReader.Truncated(source, Pnm, "the PAM header has no ENDHDR line");
            }

            var line = Encoding.ASCII.GetString(data.Slice(pos, lineEnd)).Trim();
            pos += lineEnd + 1;
            if (line == "ENDHDR")
            {
                break;
            }

            var parts = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && long.TryParse(parts[1], out var value))
            {
                switch (parts[0])
                {
                    case "WIDTH": width = value; break;
                    case "HEIGHT": height = value; break;
                    case "DEPTH": depth = value; break;
                    case "MAXVAL": maxValue = value; break;
                }
            }
        }

        if (width < 0 || height < 0 || depth is < 1 or > 4 || maxValue is < 1 or > 65535)
        {
            throw HeaderReader.Corrupt(source, Pnm, "the PAM header lacks WIDTH, HEIGHT, DEPTH 1–4 or MAXVAL");
        }

        CheckRaster(data, pos, width * height * depth * (maxValue > 255 ? 2 : 1), source);
        return new PamHeader(width, height, (int)depth, (int)maxValue, pos);
    }

    private static void CheckRaster(ReadOnlySpan<byte> data, long start, long needed, string source)
    {
        if (start + needed > data.Length)
        {
            throw HeaderReader.Truncated(source, Pnm, $"the raster needs {needed} bytes after the header, the file has {Math.Max(0, data.Length - start)}");
        }
    }

    private static long NextNumber(ReadOnlySpan<byte> data, ref int pos, string source)
    {
        while (pos < data.Length)
        {
            if (data[pos] == (byte)'#')
            {
                var end = data[pos..].IndexOf((byte)'\n');
                pos = end < 0 ? data.Length : pos + end + 1;
            }
            else if (HeaderReader.IsPnmSpace(data[pos]))
            {
                pos++;
            }
            else
            {
                break;
            }
        }

        long value = 0;
        var digits = 0;
        while (pos < data.Length && data[pos] is >= (byte)'0' and <= (byte)'9')
        {
            value = (value * 10) + (data[pos] - '0');
            pos++;
            if (++digits > 10)
            {
                throw HeaderReader.Corrupt(source, Pnm, "a header number has more than 10 digits");
            }
        }

        if (digits == 0)
        {
            throw pos >= data.Length
                ? HeaderReader.Truncated(source, Pnm, "the header ends early")
                : HeaderReader.Corrupt(source, Pnm, $"expected a number at byte {pos}");
        }

        return value;
    }
}
