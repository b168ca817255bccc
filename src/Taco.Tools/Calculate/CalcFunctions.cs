using System.Globalization;
using System.Numerics;
using Taco.Tools.Values;

namespace Taco.Tools.Calculate;

/// <summary>The calculator's functions with the behaviour (and error texts) of Python's <c>math</c> module and builtins.</summary>
internal static class CalcFunctions
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "sqrt", "abs", "round", "floor", "ceil", "min", "max", "log", "ln", "log10", "exp",
        "sin", "cos", "tan", "asin", "acos", "atan",
    };

    public static bool IsFunction(string name) => Names.Contains(name);

    public static CalcNumber Call(CalcEvaluator evaluator, string name, List<CalcNumber> args)
    {
        var key = name.ToLowerInvariant();
        switch (key)
        {
            case "pi" or "e":
                throw new ToolExecutionException("TypeError", "'float' object is not callable");
            case "sqrt":
                return Math1("math.sqrt", args, Math.Sqrt, canOverflow: false);
            case "exp":
                return Math1("math.exp", args, Math.Exp, canOverflow: true);
            case "sin":
                return Math1("math.sin", args, Math.Sin, canOverflow: false);
            case "cos":
                return Math1("math.cos", args, Math.Cos, canOverflow: false);
            case "tan":
                return Math1("math.tan", args, Math.Tan, canOverflow: false);
            case "asin":
                return Math1("math.asin", args, Math.Asin, canOverflow: false);
            case "acos":
                return Math1("math.acos", args, Math.Acos, canOverflow: false);
            case "atan":
                return Math1("math.atan", args, Math.Atan, canOverflow: false);
            case "log10":
                Arity("math.log10", args, 1);
                return CalcNumber.Of(Log(args[0], Math.Log10));
            case "log" or "ln":
                if (args.Count is < 1 or > 2)
                {
                    throw new ToolExecutionException("TypeError", $"{(key == "log" ? "math.log" : "ln")} requires 1 to 2 arguments");
                }

                var num = Log(args[0], Math.Log);
                if (args.Count == 1)
                {
                    return CalcNumber.Of(num);
                }

                return CalcEvaluator.TrueDivide(CalcNumber.Of(num), CalcNumber.Of(Log(args[1], Math.Log)));
            case "abs":
                Arity("abs", args, 1, builtin: true);
                return args[0].IsInt ? CalcNumber.Of(BigInteger.Abs(args[0].Integer)) : CalcNumber.Of(Math.Abs(args[0].Real));
            case "floor":
                Arity("math.floor", args, 1);
                return args[0].IsInt ? args[0] : ToInteger(evaluator, Math.Floor(args[0].Real));
            case "ceil":
                Arity("math.ceil", args, 1);
                return args[0].IsInt ? args[0] : ToInteger(evaluator, Math.Ceiling(args[0].Real));
            case "round":
                return Round(evaluator, args);
            case "min":
                return MinMax("min", args, (candidate, best) => Less(candidate, best));
            case "max":
                return MinMax("max", args, (candidate, best) => Less(best, candidate));
            default:
                throw new ToolExecutionException("NameError", $"name '{CalcEvaluator.Clip(name)}' is not defined");
        }
    }

    private static void Arity(string name, List<CalcNumber> args, int count, bool builtin = false)
    {
        if (args.Count != count)
        {
            var argument = count == 1 ? "one argument" : $"{count} arguments";
            throw new ToolExecutionException("TypeError", $"{name}() takes exactly {argument} ({args.Count} given)");
        }

        _ = builtin;
    }

    // CPython's math_1: a NaN from a non-NaN is a domain error; an infinity from a finite input
    // is a range error for functions that can overflow and a domain error for the rest.
    private static CalcNumber Math1(string name, List<CalcNumber> args, Func<double, double> f, bool canOverflow)
    {
        Arity(name, args, 1);
        var x = args[0].ToDouble();
        return CalcNumber.Of(CheckedMath(x, f(x), canOverflow));
    }

    private static double CheckedMath(double x, double r, bool canOverflow)
    {
        if (double.IsNaN(r) && !double.IsNaN(x))
        {
            throw DomainError();
        }

        if (double.IsInfinity(r) && double.IsFinite(x))
        {
            throw canOverflow ? new ToolExecutionException("OverflowError", "math range error") : DomainError();
        }

        return r;
    }

    // CPython's loghelper: ints too large for a double are logged via frexp instead of failing.
    private static double Log(CalcNumber x, Func<double, double> f)
    {
        if (x.IsInt)
        {
            if (x.Integer.Sign <= 0)
            {
                throw DomainError();
            }

            if (x.Integer.GetBitLength() > 1023 && !FitsDouble(x.Integer))
            {
                var (m, e) = PythonFloat.Frexp(x.Integer);
                return f(m) + (f(2.0) * e);
            }
        }

        var d = x.ToDouble();
        return CheckedMath(d, f(d), canOverflow: false);
    }

    private static bool FitsDouble(BigInteger value)
    {
        try
        {
            _ = PythonFloat.FromInteger(value, string.Empty);
            return true;
        }
        catch (ToolExecutionException)
        {
            return false;
        }
    }

    private static CalcNumber ToInteger(CalcEvaluator evaluator, double d)
    {
        if (double.IsNaN(d))
        {
            throw new ToolExecutionException(ToolExecutionException.ValueError, "cannot convert float NaN to integer");
        }

        if (double.IsInfinity(d))
        {
            throw new ToolExecutionException("OverflowError", "cannot convert float infinity to integer");
        }

        return evaluator.Checked(new BigInteger(d));
    }

    private static CalcNumber Round(CalcEvaluator evaluator, List<CalcNumber> args)
    {
        if (args.Count == 0)
        {
            throw new ToolExecutionException("TypeError", "round() missing required argument 'number' (pos 1)");
        }

        if (args.Count > 2)
        {
            throw new ToolExecutionException("TypeError", $"round() takes at most 2 arguments ({args.Count} given)");
        }

        var x = args[0];
        if (args.Count == 1)
        {
            return x.IsInt ? x : ToInteger(evaluator, Math.Round(x.Real, MidpointRounding.ToEven));
        }

        if (!args[1].IsInt)
        {
            throw new ToolExecutionException("TypeError", "'float' object cannot be interpreted as an integer");
        }

        var n = args[1].Integer;
        if (x.IsInt)
        {
            return RoundInteger(x.Integer, n);
        }

        return CalcNumber.Of(n > 400 ? x.Real : n < -400 ? Math.CopySign(0.0, x.Real) : PythonFloat.Round(x.Real, (int)n));
    }

    private static CalcNumber RoundInteger(BigInteger x, BigInteger n)
    {
        if (n.Sign >= 0)
        {
            return CalcNumber.Of(x);
        }

        // Python rounds to a multiple of 10^-n, ties to even.
        var digits = (long)(x.GetBitLength() * 0.30103) + 2;
        if (-n > digits)
        {
            return CalcNumber.Of(BigInteger.Zero);
        }

        var p = BigInteger.Pow(10, (int)-n);
        var (q, r) = CalcEvaluator.FloorDivMod(x, p, "integer division or modulo by zero");
        var twice = r * 2;
        if (twice > p || (twice == p && !q.IsEven))
        {
            q += 1;
        }

        return CalcNumber.Of(q * p);
    }

    private static CalcNumber MinMax(string name, List<CalcNumber> args, Func<CalcNumber, CalcNumber, bool> better)
    {
        if (args.Count == 0)
        {
            throw new ToolExecutionException("TypeError", $"{name} expected at least 1 argument, got 0");
        }

        if (args.Count == 1)
        {
            throw new ToolExecutionException("TypeError", $"'{args[0].TypeName}' object is not iterable");
        }

        var best = args[0];
        for (var k = 1; k < args.Count; k++)
        {
            if (better(args[k], best))
            {
                best = args[k];
            }
        }

        return best;
    }

    /// <summary>Python's exact comparison of ints and floats (no rounding of the int).</summary>
    private static bool Less(CalcNumber a, CalcNumber b)
    {
        if (a.IsInt && b.IsInt)
        {
            return a.Integer < b.Integer;
        }

        if (!a.IsInt && !b.IsInt)
        {
            return a.Real < b.Real;
        }

        if (a.IsInt)
        {
            return CompareIntFloat(a.Integer, b.Real) is { } c && c < 0;
        }

        return CompareIntFloat(b.Integer, a.Real) is { } d && d > 0;
    }

    private static int? CompareIntFloat(BigInteger i, double f)
    {
        if (double.IsNaN(f))
        {
            return null;
        }

        if (double.IsInfinity(f))
        {
            return f > 0 ? -1 : 1;
        }

        var floor = Math.Floor(f);
        var c = i.CompareTo(new BigInteger(floor));
        if (c != 0)
        {
            return c;
        }

        return f > floor ? -1 : 0;
    }

    private static ToolExecutionException DomainError() => new(ToolExecutionException.ValueError, "math domain error");
}
