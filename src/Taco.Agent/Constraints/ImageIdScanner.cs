namespace Taco.Agent.Constraints;

/// <summary>Where an <see cref="ImageIdScanner"/> stands.</summary>
internal enum ImageIdPhase : byte
{
    /// <summary>Inside the <c>"image-</c> prefix.</summary>
    Prefix,

    /// <summary>After the prefix: the first digit.</summary>
    FirstDigit,

    /// <summary>After a nonzero first digit: more digits or the closing quote.</summary>
    MoreDigits,

    /// <summary>After a lone 0: only the closing quote.</summary>
    AfterZero,
}

/// <summary>An <c>Image</c> value: <c>"image-N"</c> with N below the step's image count, no leading zeros.</summary>
internal struct ImageIdScanner
{
    private static readonly byte[] Prefix = "\"image-"u8.ToArray();

    public ImageIdPhase Phase;

    /// <summary>Bytes of the prefix matched.</summary>
    public byte PrefixBytes;

    /// <summary>The image index typed so far.</summary>
    public int Index;

    /// <summary>Bytes of the shortest image id.</summary>
    public static int MinValue => Prefix.Length + 2;

    /// <summary>Bytes of the shortest way to finish the image id.</summary>
    public readonly int MinBytes => Phase switch
    {
        ImageIdPhase.Prefix => Prefix.Length - PrefixBytes + 2,
        ImageIdPhase.FirstDigit => 2,
        _ => 1,
    };

    public ScanStep Step(byte b, int imageCount)
    {
        if (Phase == ImageIdPhase.Prefix)
        {
            if (b != Prefix[PrefixBytes])
            {
                return ScanStep.Reject;
            }

            if (++PrefixBytes == Prefix.Length)
            {
                Phase = ImageIdPhase.FirstDigit;
            }

            return ScanStep.Consumed;
        }

        var digit = b is >= (byte)'0' and <= (byte)'9';
        if (Phase == ImageIdPhase.FirstDigit)
        {
            if (!digit || b - '0' >= imageCount)
            {
                return ScanStep.Reject;
            }

            Index = b - '0';
            Phase = b == '0' ? ImageIdPhase.AfterZero : ImageIdPhase.MoreDigits;
            return ScanStep.Consumed;
        }

        if (b == CotaGrammar.Quote)
        {
            return ScanStep.Done;
        }

        if (Phase == ImageIdPhase.MoreDigits && digit && ((long)Index * 10) + (b - '0') < imageCount)
        {
            Index = (Index * 10) + (b - '0');
            return ScanStep.Consumed;
        }

        return ScanStep.Reject;
    }
}
