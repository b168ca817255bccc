using System.Numerics;
using Taco.Tools.Values;

namespace Taco.Tools.Calculate;

/// <summary>Evaluates a parsed expression with Python's number semantics (int stays int, true division is float, floor division and modulo follow the divisor's sign).</summary>
internal sealed class CalcEvaluator
{
    private readonly CalculatorLimits _limits;

    public CalcEvaluator(CalculatorLimits limits) => _limits = limits;

    public CalcNumber Evaluate(CalcNode node) => node switch
    {
        CalcNumberNode n => n.Value,
        CalcNameNode n => Constant(n.Name),
        CalcUnaryNode u => Unary(u.Operator, Evaluate(u.Operand)),
        CalcPercentNode p => TrueDivide(Evaluate(p.Operand), CalcNumber.Of(new BigInteger(100))),
        CalcBinaryNode b => Binary(b.Operator, Evaluate(b.Left), Evaluate(b.Right)),
        CalcCallNode c => CalcFunctions.Call(this, c.Name, c.Arguments.Select(Evaluate).ToList()),
        _ => throw new InvalidOperationException("Unknown node."),
    };

    private static CalcNumber Constant(string name)
    {
        switch (name.ToLowerInvariant())
        {
            case "pi":
                return CalcNumber.Of(Math.PI);
            case "e":
                return CalcNumber.Of(Math.E);
            default:
                if (CalcFunctions.IsFunction(name))
                {
                    throw new ToolExecutionException("TypeError", $"{name} is a function; call it with arguments, e.g. {name.ToLowerInvariant()}(2)");
                }

                throw new ToolExecutionException("NameError", $"name '{Clip(name)}' is not defined");
        }
    }

    private static CalcNumber Unary(CalcTokenKind op, CalcNumber x) => op switch
    {
        CalcTokenKind.Minus => x.IsInt ? CalcNumber.Of(-x.Integer) : CalcNumber.Of(-x.Real),
        _ => x,
    };

    public CalcNumber Binary(CalcTokenKind op, CalcNumber a, CalcNumber b)
    {
        if (op == CalcTokenKind.Power)
        {
            return Power(a, b);
        }

        if (op == CalcTokenKind.Slash)
        {
            return TrueDivide(a, b);
        }

        if (a.IsInt && b.IsInt)
        {
            return op switch
            {
                CalcTokenKind.Plus => Checked(a.Integer + b.Integer),
                CalcTokenKind.Minus => Checked(a.Integer - b.Integer),
                CalcTokenKind.Star => Multiply(a.Integer, b.Integer),
                CalcTokenKind.DoubleSlash => CalcNumber.Of(FloorDivMod(a.Integer, b.Integer, "integer division or modulo by zero").Quotient),
                CalcTokenKind.Percent => CalcNumber.Of(FloorDivMod(a.Integer, b.Integer, "integer modulo by zero").Remainder),
                _ => throw new InvalidOperationException($"Unknown operator {op}."),
            };
        }

        var x = a.ToDouble();
        var y = b.ToDouble();
        return CalcNumber.Of(op switch
        {
            // Python float +, -, * overflow to inf silently; only ** and math functions raise.
            CalcTokenKind.Plus => x + y,
            CalcTokenKind.Minus => x - y,
            CalcTokenKind.Star => x * y,
            CalcTokenKind.DoubleSlash => PythonFloat.FloorDivide(x, y),
            CalcTokenKind.Percent => PythonFloat.Modulo(x, y),
            _ => throw new InvalidOperationException($"Unknown operator {op}."),
        });
    }

    public static CalcNumber TrueDivide(CalcNumber a, CalcNumber b)
    {
        if (a.IsInt && b.IsInt)
        {
            return CalcNumber.Of(PythonFloat.Divide(a.Integer, b.Integer));
        }

        var x = a.ToDouble();
        var y = b.ToDouble();
        if (y == 0)
        {
            throw new ToolExecutionException("ZeroDivisionError", "float division by zero");
        }

        return CalcNumber.Of(x / y);
    }

    private CalcNumber Power(CalcNumber a, CalcNumber b)
    {
        if (!a.IsInt || !b.IsInt || b.Integer.Sign < 0)
        {
            // Python: an int raised to a negative int is computed in floats.
            return CalcNumber.Of(PythonFloat.Power(a.ToDouble(), b.ToDouble()));
        }

        var x = a.Integer;
        var n = b.Integer;
        if (n.IsZero || x.IsOne)
        {
            return CalcNumber.Of(BigInteger.One);
        }

        if (x.IsZero)
        {
            return CalcNumber.Of(BigInteger.Zero);
        }

        if (x == BigInteger.MinusOne)
        {
            return CalcNumber.Of(n.IsEven ? BigInteger.One : BigInteger.MinusOne);
        }

        // Refuse before computing: the result has about bits(x)·n bits.
        var bits = BigInteger.Log(BigInteger.Abs(x), 2) * (double)n;
        if (bits > _limits.MaxIntegerBits)
        {
            throw TooLarge();
        }

        return Checked(BigInteger.Pow(x, (int)n));
    }

    private CalcNumber Multiply(BigInteger a, BigInteger b)
    {
        if (a.GetBitLength() + b.GetBitLength() > _limits.MaxIntegerBits + 1)
        {
            throw TooLarge();
        }

        return Checked(a * b);
    }

    public CalcNumber Checked(BigInteger value) =>
        value.GetBitLength() > _limits.MaxIntegerBits ? throw TooLarge() : CalcNumber.Of(value);

    private ToolExecutionException TooLarge() =>
        new("OverflowError", $"integer result too large (the calculator's limit is {_limits.MaxIntegerBits} bits)");

    public static (BigInteger Quotient, BigInteger Remainder) FloorDivMod(BigInteger a, BigInteger b, string zeroMessage)
    {
        if (b.IsZero)
        {
            throw new ToolExecutionException("ZeroDivisionError", zeroMessage);
        }

        var q = BigInteger.DivRem(a, b, out var r);
        if (!r.IsZero && (r.Sign < 0) != (b.Sign < 0))
        {
            q -= 1;
            r += b;
        }

        return (q, r);
    }

    internal static string Clip(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
