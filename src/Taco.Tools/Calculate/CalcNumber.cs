using System.Numerics;
using Taco.Tools.Values;

namespace Taco.Tools.Calculate;

/// <summary>A Python number: an exact <c>int</c> or an IEEE <c>float</c>; the distinction decides how results print.</summary>
internal readonly record struct CalcNumber
{
    private CalcNumber(bool isInt, BigInteger integer, double real)
    {
        IsInt = isInt;
        Integer = integer;
        Real = real;
    }

    public bool IsInt { get; }

    public BigInteger Integer { get; }

    public double Real { get; }

    public string TypeName => IsInt ? "int" : "float";

    public static CalcNumber Of(BigInteger value) => new(true, value, 0);

    public static CalcNumber Of(double value) => new(false, BigInteger.Zero, value);

    /// <summary>Python's <c>float(x)</c>: exact ints convert correctly rounded; too large is an OverflowError.</summary>
    public double ToDouble() => IsInt ? PythonFloat.FromInteger(Integer, "int too large to convert to float") : Real;
}
