namespace Taco.Agent.Constraints;

/// <summary>Where a <see cref="StringScanner"/> stands.</summary>
internal enum StringPhase : byte
{
    /// <summary>Before the opening quote.</summary>
    Open,

    /// <summary>Between the quotes, outside an escape (a UTF-8 character may be half written).</summary>
    Content,

    /// <summary>After a backslash.</summary>
    Escape,

    /// <summary>After <c>\u</c>: the first hex digit, which may not be D (a surrogate a lone escape cannot complete).</summary>
    Hex1,

    Hex2,

    Hex3,

    /// <summary>The last hex digit of a <c>\u</c> escape.</summary>
    Hex4,
}

/// <summary>
/// The grammar's STRING (the thought and string arguments): a JSON string with escapes, well-formed UTF-8, no
/// control bytes and no surrogate <c>\u</c> escapes, of at most a cap of bytes between the quotes. Under the
/// grounded-number rule, each character outside escapes goes through the rule first.
/// </summary>
internal struct StringScanner
{
    public StringPhase Phase;

    /// <summary>Bytes written between the quotes, escapes included.</summary>
    public short Bytes;

    /// <summary>UTF-8 continuation bytes still due.</summary>
    public byte Utf8Pending;

    /// <summary>Inside the string with no escape or character half written: plain text may follow.</summary>
    public readonly bool IsPlain => Phase == StringPhase.Content && Utf8Pending == 0;

    /// <summary>Bytes of the shortest way to close the string (the grounded-number rule adds none: every number it allows may end).</summary>
    public readonly int MinBytes => Phase switch
    {
        StringPhase.Open => 2,
        StringPhase.Content => Utf8Pending + 1,
        StringPhase.Escape => 2,
        var hex => StringPhase.Hex4 - hex + 1 + 1,
    };

    public ScanStep Step(byte b, int maxBytes)
    {
        switch (Phase)
        {
            case StringPhase.Open:
                if (b != CotaGrammar.Quote)
                {
                    return ScanStep.Reject;
                }

                Phase = StringPhase.Content;
                Bytes = 0;
                Utf8Pending = 0;
                return ScanStep.Consumed;
            case StringPhase.Content:
                if (Utf8Pending > 0)
                {
                    if (b is < 0x80 or > 0xBF)
                    {
                        return ScanStep.Reject;
                    }

                    Utf8Pending--;
                    Bytes++;
                    return ScanStep.Consumed;
                }

                if (b == CotaGrammar.Quote)
                {
                    return ScanStep.Done;
                }

                var length = b switch
                {
                    < 0x20 => 0,
                    CotaGrammar.Backslash => 2,
                    < 0x80 => 1,
                    >= 0xC2 and <= 0xDF => 2,
                    >= 0xE0 and <= 0xEF => 3,
                    >= 0xF0 and <= 0xF4 => 4,
                    _ => 0,
                };
                if (length == 0 || Bytes + length > maxBytes)
                {
                    return ScanStep.Reject;
                }

                Bytes++;
                if (b == CotaGrammar.Backslash)
                {
                    Phase = StringPhase.Escape;
                }
                else
                {
                    Utf8Pending = (byte)(length - 1);
                }

                return ScanStep.Consumed;
            case StringPhase.Escape:
                if (b == 'u')
                {
                    if (Bytes + 5 > maxBytes)
                    {
                        return ScanStep.Reject;
                    }

                    Phase = StringPhase.Hex1;
                    Bytes++;
                    return ScanStep.Consumed;
                }

                if (b is CotaGrammar.Quote or CotaGrammar.Backslash or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
                {
                    Phase = StringPhase.Content;
                    Bytes++;
                    return ScanStep.Consumed;
                }

                return ScanStep.Reject;
            default:
                var hex = b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');
                if (!hex || (Phase == StringPhase.Hex1 && b is (byte)'d' or (byte)'D'))
                {
                    return ScanStep.Reject;
                }

                Bytes++;
                Phase = Phase == StringPhase.Hex4 ? StringPhase.Content : Phase + 1;
                return ScanStep.Consumed;
        }
    }

    /// <summary>
    /// <see cref="Step"/> under the grounded-number rule: <c>\u</c> escapes are not allowed, since they could
    /// spell a digit the rule does not see.
    /// </summary>
    public ScanStep StepGrounded(byte b, int maxBytes, GroundedNumbers numbers, ref GroundedNumberScanner number)
    {
        if (Phase == StringPhase.Escape && b == 'u')
        {
            return ScanStep.Reject;
        }

        if (IsPlain && !number.Step(numbers, b))
        {
            return ScanStep.Reject;
        }

        return Step(b, maxBytes);
    }
}
