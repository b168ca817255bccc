using System.Globalization;
using System.Numerics;
using System.Text;

namespace Taco.Tools.Values;

/// <summary>
/// Python's float where .NET differs: <c>repr</c> and <c>round(x, n)</c> here; int→float, int/int,
/// <c>//</c>, <c>%</c> and <c>**</c> (the calculator's arithmetic) in <c>PythonFloat.Arithmetic.cs</c>.
/// </summary>
public static partial class PythonFloat
{
    /// <summary>
    /// Python's <c>float.__repr__</c>: the shortest digit string that round-trips, written in
    /// fixed notation when the decimal exponent is in [-4, 16) and in scientific notation
    /// (<c>1e+16</c>, <c>1e-05</c>) otherwise.
    /// </summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // .NET's "R" gives the shortest round-trip digits (same digit string as Python's
        // repr, both use shortest-uniquely-identifying output); only the layout differs.
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = r[0] == '-';
        if (negative)
        {
            r = r[1..];
        }

        var exponent = 0;
        var ePos = r.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            exponent = int.Parse(r.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..ePos];
        }

        var dot = r.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? r[..dot] : r;
        var fracPart = dot >= 0 ? r[(dot + 1)..] : string.Empty;
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZerosRemoved = (intPart + fracPart).Length - digits.Length;

        // value = 0.DIGITS × 10^decpt
        var decpt = intPart.Length + exponent - leadingZerosRemoved;
        digits = digits.TrimEnd('0');

        var sb = new StringBuilder(24);
        if (negative)
        {
            sb.Append('-');
        }

        if (decpt <= -4 || decpt > 16)
        {
            sb.Append(digits[0]);
            if (digits.Length > 1)
            {
                sb.Append('.').Append(digits, 1, digits.Length - 1);
            }

            var e = decpt - 1;
            sb.Append('e').Append(e < 0 ? '-' : '+');
            sb.Append(Math.Abs(e).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (decpt <= 0)
        {
            sb.Append("0.").Append('0', -decpt).Append(digits);
        }
        else if (decpt >= digits.Length)
        {
            sb.Append(digits).Append('0', decpt - digits.Length).Append(".0");
        }
        else
        {
            sb.Append(digits, 0, decpt).Append('.').Append(digits, decpt, digits.Length - decpt);
        }

        return sb.ToString();
    }

    /// <summary>Python's <c>round(x, n)</c> on floats: the exact binary value rounded half-to-even in decimal, then read back correctly rounded.</summary>
    public static double Round(double x, int n)
    {
        if (!double.IsFinite(x) || x == 0)
        {
            return x;
        }

        if (n > 323)
        {
            return x;
        }

        if (n < -308)
        {
            return Math.CopySign(0.0, x);
        }

        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(x));
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & 0xFFFFFFFFFFFFFL;
        BigInteger mantissa = exponentBits == 0 ? fraction : fraction | (1L << 52);
        var k = exponentBits == 0 ? -1074 : exponentBits - 1075;

        // |x| = mantissa · 2^k; compute round(|x| · 10^n) exactly.
        var numerator = mantissa * BigInteger.Pow(10, Math.Max(n, 0)) << Math.Max(k, 0);
        var denominator = BigInteger.Pow(10, Math.Max(-n, 0)) << Math.Max(-k, 0);
        var q = BigInteger.DivRem(numerator, denominator, out var r);
        var twice = r * 2;
        if (twice > denominator || (twice == denominator && !q.IsEven))
        {
            q += 1;
        }

        var text = q.ToString(CultureInfo.InvariantCulture) + "e" + (-n).ToString(CultureInfo.InvariantCulture);
        var result = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(result))
        {
            throw new ToolExecutionException("OverflowError", "rounded value too large to represent");
        }

        return Math.CopySign(result, x);
    }
}
