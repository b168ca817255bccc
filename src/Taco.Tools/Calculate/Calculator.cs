using System.Globalization;
using Taco.Tools.Values;

namespace Taco.Tools.Calculate;

/// <summary>
/// A safe evaluator for the arithmetic a model asks for: never an <c>eval</c> of model
/// output. Python semantics and printing (<c>2+2</c> → <c>4</c>, <c>50/3.65</c> →
/// <c>13.698630136986301</c>), plus what people write (<c>$50</c>, <c>15%</c>, <c>^</c>).
/// Errors are <see cref="ToolExecutionException"/>s named like Python's.
/// </summary>
public sealed class Calculator
{
    public Calculator(CalculatorLimits? limits = null) => Limits = limits ?? CalculatorLimits.Default;

    public CalculatorLimits Limits { get; }

    /// <summary>Evaluates to a <see cref="ToolInteger"/> or <see cref="ToolFloat"/>.</summary>
    public ToolValue Evaluate(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (expression.Length > Limits.MaxLength)
        {
            throw ToolExecutionException.Value($"expression is too long ({expression.Length} characters; the limit is {Limits.MaxLength})");
        }

        var tree = CalcParser.Parse(expression, Limits);
        var value = new CalcEvaluator(Limits).Evaluate(tree);
        if (!value.IsInt)
        {
            return new ToolFloat(value.Real);
        }

        // Python refuses to print such integers; the observation would be that error.
        var digits = value.Integer.ToString(CultureInfo.InvariantCulture).TrimStart('-').Length;
        if (digits > Limits.MaxIntegerDigits)
        {
            throw ToolExecutionException.Value(
                $"Exceeds the limit ({Limits.MaxIntegerDigits} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit");
        }

        return new ToolInteger(value.Integer);
    }

    /// <summary>The result as Python prints it, or the error as Python's last traceback line (<c>ZeroDivisionError: division by zero</c>).</summary>
    public string EvaluateToText(string expression)
    {
        try
        {
            return Evaluate(expression).ToPythonRepr();
        }
        catch (ToolExecutionException e)
        {
            return e.PythonText;
        }
    }
}
