using Taco.Tools.Calculate;

namespace Taco.Tools.Tests.Calculate;

public sealed class CalculatorPythonTableTests
{
    // Rows: expression, then what CPython printed (make_python_table.py; build time only).
    public static IEnumerable<(string Expression, string Expected)> Rows() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Calculate", "python-expected.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(p => (p[0], p[1]));

    [Fact]
    public void Calculator_prints_every_table_expression_as_cpython_does()
    {
        var calculator = new Calculator();
        var rows = Rows().ToList();
        Assert.True(rows.Count > 700, $"table has only {rows.Count} rows");
        var failures = new List<string>();
        foreach (var (expression, expected) in rows)
        {
            var actual = calculator.EvaluateToText(expression);

            // CPython's PEG parser words syntax errors in many ways; the class is what matters.
            var ok = expected.StartsWith("SyntaxError:", StringComparison.Ordinal)
                ? actual.StartsWith("SyntaxError:", StringComparison.Ordinal)
                : actual == expected;
            if (!ok)
            {
                failures.Add($"{expression}  →  expected {expected}, got {actual}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {rows.Count} differ:\n" + string.Join('\n', failures));
    }

    [Theory]
    [InlineData("1+", "SyntaxError: invalid syntax")]
    [InlineData("(1+2", "SyntaxError: '(' was never closed")]
    [InlineData("1+2)", "SyntaxError: unmatched ')'")]
    [InlineData("2e", "SyntaxError: invalid decimal literal")]
    [InlineData("2x", "SyntaxError: invalid decimal literal")]
    [InlineData("", "SyntaxError: invalid syntax")]
    [InlineData("1 2", "SyntaxError: invalid syntax")]
    [InlineData("3 € 4", "SyntaxError: invalid character '€' (U+20AC)")]
    public void Syntax_errors_use_the_messages_cpython_gives(string expression, string expected) =>
        Assert.Equal(expected, new Calculator().EvaluateToText(expression));
}
