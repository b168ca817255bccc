using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Taco.Tools.Calculate;
using Taco.Tools.Values;

namespace Taco.Tools.Tests.Calculate;

public sealed class CalculatorPropertyTests
{
    private static readonly HashSet<string> DefinedErrors =
    [
        "SyntaxError", "ZeroDivisionError", "ValueError", "OverflowError", "TypeError", "NameError", "RecursionError",
    ];

    private static readonly Calculator Calc = new();

    // True when evaluation gave a number or one of the defined errors. No clock here: how long a case may
    // take is a benchmark's question (docs/benchmarks.md); a case that never ends shows as a hung test.
    private static bool OnlyDefinedOutcomes(string expression)
    {
        try
        {
            return Calc.Evaluate(expression) is ToolInteger or ToolFloat;
        }
        catch (ToolExecutionException e) when (DefinedErrors.Contains(e.PythonType))
        {
            return true;
        }
    }

    [Fact]
    public void Random_character_soup_only_ever_yields_a_number_or_a_defined_error()
    {
        var alphabet = "0123456789.+-*/%^()$, eE_piqrtlogmaxnsc×÷−€\t".ToCharArray();
        var gen = Gen.ArrayOf(Gen.Elements(alphabet)).Select(cs => new string(cs));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000).WithEndSize(80), Prop.ForAll(Arb.From(gen), OnlyDefinedOutcomes));
    }

    [Fact]
    public void Random_unicode_strings_only_ever_yield_a_number_or_a_defined_error()
    {
        var gen = ArbMap.Default.GeneratorFor<string>().Where(s => s is not null);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(Arb.From(gen), OnlyDefinedOutcomes));
    }

    [Fact]
    public void Random_well_formed_expressions_evaluate_or_fail_with_a_defined_error()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(Arb.From(Gen.Sized(ExpressionGen)), OnlyDefinedOutcomes));
    }

    [Fact]
    public void Float_repr_round_trips_to_the_same_double()
    {
        var gen = ArbMap.Default.GeneratorFor<long>().Select(BitConverter.Int64BitsToDouble).Where(double.IsFinite);
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(5000),
            Prop.ForAll(Arb.From(gen), d =>
                BitConverter.DoubleToInt64Bits(double.Parse(PythonFloat.Repr(d), CultureInfo.InvariantCulture)) ==
                BitConverter.DoubleToInt64Bits(d)));
    }

    [Fact]
    public void Integer_results_match_exact_integer_arithmetic()
    {
        var small = Gen.Choose(-1000, 1000);
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(2000),
            Prop.ForAll(Arb.From(Gen.Zip(small, small)), t =>
            {
                var (a, b) = t;
                var product = Calc.Evaluate($"{a} * {b} - ({b})").ToPythonRepr();
                return product == ((long)a * b - b).ToString(CultureInfo.InvariantCulture);
            }));
    }

    private static Gen<string> ExpressionGen(int size)
    {
        var number = Gen.OneOf(
            Gen.Choose(0, 1000).Select(i => i.ToString(CultureInfo.InvariantCulture)),
            Gen.Choose(0, 100000).Select(i => (i / 100.0).ToString("R", CultureInfo.InvariantCulture)),
            Gen.Elements("1e308", "1e-320", "0", "0.0", "10**30", "9**9**9", "2**-1074", "1e400", "pi", "e", "$4.99", "15%"));
        if (size <= 1)
        {
            return number;
        }

        var sub = Gen.Sized(s => ExpressionGen(s / 2)).Resize(size / 2);
        var op = Gen.Elements("+", "-", "*", "/", "//", "%", "**", "^");
        var fn = Gen.Elements("sqrt", "abs", "round", "floor", "ceil", "log", "ln", "log10", "exp", "sin", "cos", "tan", "asin", "acos", "atan");
        return Gen.OneOf(
            number,
            from a in sub from o in op from b in sub select $"{a} {o} {b}",
            sub.Select(s => $"-({s})"),
            sub.Select(s => $"({s})"),
            Gen.Zip(fn, sub).Select(t => $"{t.Item1}({t.Item2})"),
            from f in Gen.Elements("min", "max", "round", "log") from a in sub from b in sub select $"{f}({a}, {b})");
    }
}
