using Taco.Tools.Values;

namespace Taco.Tools.Calculate;

/// <summary>TACO's <c>Calculate</c> action: <c>{"expression": "50 / 3.65"}</c> → <c>{'result': 13.698630136986301}</c>.</summary>
public sealed class CalculateTool : ITool
{
    public const string Name = "Calculate";

    private readonly Calculator _calculator;

    public CalculateTool(Calculator? calculator = null) => _calculator = calculator ?? new Calculator();

    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Calculate a math expression.",
        [new ToolArgument("expression", ToolArgumentType.String, "the math expression to calculate") { MaxLength = CalculatorLimits.Default.MaxLength }],
        [new ToolReturn("result", "number", "the result of the calculation")],
        [new ToolExample("""{"expression": "50 / 3.65"}"""), new ToolExample("""{"expression": "(12.5 + 7.25) * 3"}""")]);

    public ValueTask<ToolDict> InvokeAsync(ToolArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var result = _calculator.Evaluate(arguments.GetString("expression"));
        return ValueTask.FromResult(ToolDict.Empty.With("result", result));
    }
}
