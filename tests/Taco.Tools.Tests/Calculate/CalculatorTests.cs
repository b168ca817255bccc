using Taco.Tools.Calculate;
using Taco.Tools.Values;

namespace Taco.Tools.Tests.Calculate;

public sealed class CalculatorTests
{
    private readonly Calculator _calc = new();

    [Theory]
    [InlineData("$50 / 3.65", "50 / 3.65")]
    [InlineData("$3.65 * 4", "3.65 * 4")]
    [InlineData("-$5 + 2", "-5 + 2")]
    [InlineData("15%", "15 / 100")]
    [InlineData("15% * 200", "15 / 100 * 200")]
    [InlineData("200 * 15%", "200 * (15 / 100)")]
    [InlineData("(1 + 2)%", "(1 + 2) / 100")]
    [InlineData("max(10%, 0.05)", "max(10 / 100, 0.05)")]
    [InlineData("2 ^ 10", "2 ** 10")]
    [InlineData("3 × 4 ÷ 2 − 1", "3 * 4 / 2 - 1")]
    [InlineData("SQRT(16) + PI", "sqrt(16) + pi")]
    [InlineData("ln(10)", "log(10)")]
    public void Human_notations_mean_the_same_as_their_python_spelling(string human, string python) =>
        Assert.Equal(_calc.EvaluateToText(python), _calc.EvaluateToText(human));

    [Theory]
    [InlineData("7 % 3")]
    [InlineData("7 % -3")]
    [InlineData("7 % (3)")]
    public void Percent_before_an_operand_is_modulo(string expression)
    {
        var modulo = _calc.Evaluate(expression);
        Assert.IsType<ToolInteger>(modulo);
    }

    [Fact]
    public void Integers_stay_integers_and_true_division_is_float()
    {
        Assert.Equal(new ToolInteger(4), _calc.Evaluate("2+2"));
        Assert.Equal(new ToolFloat(3.0), _calc.Evaluate("5-4/2"));
        Assert.Equal("3.0", _calc.Evaluate("6/2").ToPythonRepr());
    }

    [Fact]
    public void Huge_power_towers_are_refused_quickly_with_an_overflow_error()
    {
        // Refused before any big number is built: the outcome is the error, how fast is the benchmarks' business.
        var e = Assert.Throws<ToolExecutionException>(() => _calc.Evaluate("9**9**9"));
        Assert.Equal("OverflowError", e.PythonType);
        Assert.Throws<ToolExecutionException>(() => _calc.Evaluate("2^2^2^2^2^2"));
        Assert.Throws<ToolExecutionException>(() => _calc.Evaluate("(10**5000)*(10**5000)*(10**5000)"));
    }

    [Fact]
    public void Integers_python_would_refuse_to_print_give_pythons_value_error()
    {
        var e = Assert.Throws<ToolExecutionException>(() => _calc.Evaluate("10**4300"));
        Assert.Equal("ValueError", e.PythonType);
        Assert.Contains("4300 digits", e.Message, StringComparison.Ordinal);
        Assert.Equal(4300, _calc.Evaluate("10**4299").ToPythonRepr().Length);
    }

    [Fact]
    public void Over_long_input_is_refused_before_parsing()
    {
        var e = Assert.Throws<ToolExecutionException>(() => _calc.Evaluate(string.Join('+', Enumerable.Repeat("1", 5000))));
        Assert.Equal("ValueError", e.PythonType);
        Assert.Contains("too long", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_is_refused_like_python_refuses_it()
    {
        var deep = new string('(', 300) + "1" + new string(')', 300);
        Assert.Equal("SyntaxError: too many nested parentheses", _calc.EvaluateToText(deep));
        Assert.Equal("1", _calc.EvaluateToText(new string('(', 150) + "1" + new string(')', 150)));
        Assert.Equal("-1", _calc.EvaluateToText(new string('-', 1001) + "1"));
        var tower = string.Join("**", Enumerable.Repeat("1", 500));
        Assert.Equal("RecursionError", Assert.Throws<ToolExecutionException>(() => _calc.Evaluate(tower)).PythonType);
    }

    [Fact]
    public void Negative_base_to_fractional_power_is_a_value_error_not_a_complex_number()
    {
        var e = Assert.Throws<ToolExecutionException>(() => _calc.Evaluate("(-8)**(1/3)"));
        Assert.Equal("ValueError: negative number cannot be raised to a fractional power", e.PythonText);
    }

    [Fact]
    public void Calling_a_function_name_without_arguments_says_how_to_call_it()
    {
        var e = Assert.Throws<ToolExecutionException>(() => _calc.Evaluate("sqrt + 1"));
        Assert.Equal("TypeError", e.PythonType);
        Assert.Contains("sqrt(2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failure_renders_as_the_taco_observation_line()
    {
        var e = Assert.Throws<ToolExecutionException>(() => _calc.Evaluate("1/0"));
        Assert.Equal("Execution failed with <class 'ZeroDivisionError'>: division by zero.", e.ObservationText);
    }
}
