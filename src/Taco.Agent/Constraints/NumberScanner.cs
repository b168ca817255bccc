namespace Taco.Agent.Constraints;

/// <summary>Where a <see cref="NumberScanner"/> stands.</summary>
internal enum NumberPhase : byte
{
    /// <summary>Before the first byte.</summary>
    Start,

    /// <summary>After a leading <c>-</c>.</summary>
    AfterMinus,

    /// <summary>After a leading 0 (or a box number's 0 or 1): no more integer digits.</summary>
    LeadingDigit,

    /// <summary>After an integer digit that more may follow.</summary>
    IntegerDigits,

    /// <summary>After the decimal point: a digit must follow.</summary>
    AfterPoint,

    /// <summary>After a fraction digit.</summary>
    FractionDigits,
}

/// <summary>
/// A <c>Number</c> or <c>Integer</c> argument, or a number of a box: a JSON number without an exponent, with
/// capped digits, not negative when the minimum is 0 or more. A box number (<c>unit</c>) stays within 0–1
/// (<c>0</c>, <c>0.25</c>, <c>1</c>, <c>1.0</c>). A number has no closing byte: it ends before the first byte
/// that cannot continue it (<see cref="ScanStep.DoneBefore"/>).
/// </summary>
internal struct NumberScanner
{
    public NumberPhase Phase;

    /// <summary>Integer digits, then (from the decimal point on) fraction digits.</summary>
    public short Digits;

    /// <summary>A box number whose integer part is 1, so that only zeros may follow the point.</summary>
    public bool IsOne;

    /// <summary>Bytes of the shortest way to finish the number.</summary>
    public readonly int MinBytes => Phase is NumberPhase.LeadingDigit or NumberPhase.IntegerDigits or NumberPhase.FractionDigits ? 0 : 1;

    public ScanStep Step(byte b, bool integerOnly, bool allowNegative, bool unit, CotaGrammarOptions options)
    {
        var digit = b is >= (byte)'0' and <= (byte)'9';
        switch (Phase)
        {
            case NumberPhase.Start:
            case NumberPhase.AfterMinus:
                if (b == '-' && Phase == NumberPhase.Start && allowNegative)
                {
                    Phase = NumberPhase.AfterMinus;
                    return ScanStep.Consumed;
                }

                if (!digit || (unit && b > '1'))
                {
                    return ScanStep.Reject;
                }

                IsOne = b == '1' && unit;
                Phase = b == '0' || unit ? NumberPhase.LeadingDigit : NumberPhase.IntegerDigits;
                Digits = 1;
                return ScanStep.Consumed;
            case NumberPhase.LeadingDigit:
            case NumberPhase.IntegerDigits:
                if (b == '.' && !integerOnly)
                {
                    Phase = NumberPhase.AfterPoint;
                    Digits = 0;
                    return ScanStep.Consumed;
                }

                if (digit)
                {
                    if (Phase == NumberPhase.LeadingDigit || Digits >= options.MaxIntegerDigits)
                    {
                        return ScanStep.Reject;
                    }

                    Digits++;
                    return ScanStep.Consumed;
                }

                return ScanStep.DoneBefore;
            case NumberPhase.AfterPoint:
            case NumberPhase.FractionDigits:
                if (digit)
                {
                    if (Digits >= options.MaxFractionDigits || (IsOne && b != '0'))
                    {
                        return ScanStep.Reject;
                    }

                    Phase = NumberPhase.FractionDigits;
                    Digits++;
                    return ScanStep.Consumed;
                }

                return Phase == NumberPhase.FractionDigits ? ScanStep.DoneBefore : ScanStep.Reject;
            default:
                return ScanStep.Reject;
        }
    }

    /// <summary>
    /// A box number under the grounded-number rule: its digits follow the allowed trie (<c>0.25</c> is 25), and
    /// <c>1.</c> is refused unless 10 is allowed, since only a 0 may follow it.
    /// </summary>
    public ScanStep StepGroundedUnit(byte b, CotaGrammarOptions options, GroundedNumbers numbers, ref GroundedNumberScanner number)
    {
        var step = Step(b, integerOnly: false, allowNegative: false, unit: true, options);
        if (step != ScanStep.Consumed)
        {
            return step;
        }

        if (b == '.' && IsOne && numbers.Next(number.Node, 0) < 0)
        {
            return ScanStep.Reject;
        }

        return number.Step(numbers, b) ? step : ScanStep.Reject;
    }
}
