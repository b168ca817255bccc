using System.Numerics;

namespace Taco.Tools.Values;

// Python's float arithmetic that .NET does not share: correctly rounded int→float and int/int, floor division
// and modulo signs, float_pow's special cases (the calculator's operators).
public static partial class PythonFloat
{
    private static readonly BigInteger TwoTo53 = BigInteger.One << 53;

    internal static double FromInteger(BigInteger value, string overflowMessage)
    {
        if (BigInteger.Abs(value) <= TwoTo53)
        {
            return (double)(long)value;
        }

        return RoundBinary(value, sticky: false, exponent: 0, overflowMessage);
    }

    /// <summary>Python's int true division: the exact quotient rounded once, half to even.</summary>
    internal static double Divide(BigInteger a, BigInteger b)
    {
        if (b.IsZero)
        {
            throw new ToolExecutionException("ZeroDivisionError", "division by zero");
        }

        if (BigInteger.Abs(a) <= TwoTo53 && BigInteger.Abs(b) <= TwoTo53)
        {
            return (double)(long)a / (long)b;
        }

        var negative = (a.Sign < 0) != (b.Sign < 0);
        a = BigInteger.Abs(a);
        b = BigInteger.Abs(b);
        if (a.IsZero)
        {
            return negative ? -0.0 : 0.0;
        }

        // Scale so the quotient has at least 55 significant bits, then round with a sticky bit.
        var shift = (int)(a.GetBitLength() - b.GetBitLength()) - 56;
        var n = shift < 0 ? a << -shift : a;
        var d = shift > 0 ? b << shift : b;
        var q = BigInteger.DivRem(n, d, out var r);
        var result = RoundBinary(q, !r.IsZero, shift, "integer division result too large for a float");
        return negative ? -result : result;
    }

    /// <summary>(q + sticky·ε) × 2^exponent rounded half-to-even to a double, subnormals included.</summary>
    private static double RoundBinary(BigInteger q, bool sticky, long exponent, string overflowMessage)
    {
        var negative = q.Sign < 0;
        q = BigInteger.Abs(q);
        var bits = (long)q.GetBitLength();
        var topExponent = bits - 1 + exponent;
        if (topExponent > 1023)
        {
            throw new ToolExecutionException("OverflowError", overflowMessage);
        }

        var precision = topExponent < -1022 ? 53 - (-1022 - topExponent) : 53;
        var drop = bits - precision;
        if (drop > 0)
        {
            var kept = drop >= bits ? BigInteger.Zero : q >> (int)drop;
            var rest = q - (kept << (int)drop);
            var half = BigInteger.One << (int)(drop - 1);
            var cmp = rest.CompareTo(half);
            if (cmp > 0 || (cmp == 0 && (sticky || !kept.IsEven)))
            {
                kept += 1;
            }

            q = kept;
            exponent += drop;
        }

        var value = Math.ScaleB((double)(long)q, (int)Math.Clamp(exponent, -2000, 2000));
        if (double.IsInfinity(value))
        {
            throw new ToolExecutionException("OverflowError", overflowMessage);
        }

        return negative ? -value : value;
    }

    /// <summary>Python's <c>float.__floordiv__</c> (via its divmod, so e.g. <c>-7.5 // 2 == -4.0</c>).</summary>
    internal static double FloorDivide(double x, double y)
    {
        if (y == 0)
        {
            throw new ToolExecutionException("ZeroDivisionError", "float floor division by zero");
        }

        var mod = x % y;
        var div = (x - mod) / y;
        if (mod != 0 && (y < 0) != (mod < 0))
        {
            div -= 1.0;
        }

        if (div != 0)
        {
            var floor = Math.Floor(div);
            if (div - floor > 0.5)
            {
                floor += 1.0;
            }

            return floor;
        }

        return Math.CopySign(0.0, x / y);
    }

    /// <summary>Python's <c>float.__mod__</c>: the result takes the divisor's sign.</summary>
    internal static double Modulo(double x, double y)
    {
        if (y == 0)
        {
            throw new ToolExecutionException("ZeroDivisionError", "float modulo");
        }

        var mod = x % y;
        if (mod != 0)
        {
            if ((y < 0) != (mod < 0))
            {
                mod += y;
            }
        }
        else
        {
            mod = Math.CopySign(0.0, y);
        }

        return mod;
    }

    /// <summary>Python's <c>float.__pow__</c> special cases around the C library's <c>pow</c>.</summary>
    internal static double Power(double iv, double iw)
    {
        if (iw == 0)
        {
            return 1.0;
        }

        if (double.IsNaN(iv))
        {
            return iv;
        }

        if (double.IsNaN(iw))
        {
            return iv == 1.0 ? 1.0 : iw;
        }

        if (double.IsInfinity(iw))
        {
            iv = Math.Abs(iv);
            if (iv == 1.0)
            {
                return 1.0;
            }

            return (iw > 0) == (iv > 1.0) ? Math.Abs(iw) : 0.0;
        }

        var iwIsOdd = Math.Abs(iw) % 2.0 == 1.0;
        if (double.IsInfinity(iv))
        {
            return iw > 0 ? (iwIsOdd ? iv : Math.Abs(iv)) : (iwIsOdd ? Math.CopySign(0.0, iv) : 0.0);
        }

        if (iv == 0)
        {
            if (iw < 0)
            {
                throw new ToolExecutionException("ZeroDivisionError", "0.0 cannot be raised to a negative power");
            }

            return iwIsOdd ? iv : 0.0;
        }

        var negate = false;
        if (iv < 0)
        {
            if (iw != Math.Floor(iw))
            {
                // Python would return a complex number; observations never carry one.
                throw new ToolExecutionException(ToolExecutionException.ValueError, "negative number cannot be raised to a fractional power");
            }

            iv = -iv;
            negate = iwIsOdd;
        }

        if (iv == 1.0)
        {
            return negate ? -1.0 : 1.0;
        }

        var ix = Math.Pow(iv, iw);
        if (double.IsInfinity(ix))
        {
            throw new ToolExecutionException("OverflowError", "(34, 'Numerical result out of range')");
        }

        return negate ? -ix : ix;
    }

    /// <summary>Python's <c>_PyLong_Frexp</c>: value = m × 2^e with m in [0.5, 1), for logs of ints too big for a double.</summary>
    internal static (double Mantissa, long Exponent) Frexp(BigInteger value)
    {
        var bits = (long)value.GetBitLength();
        var m = RoundBinary(value, false, -bits, "int too large to convert to float");
        if (m == 1.0)
        {
            return (0.5, bits + 1);
        }

        return (m, bits);
    }
}
