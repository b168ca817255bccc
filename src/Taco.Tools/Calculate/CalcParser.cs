using System.Globalization;
using System.Numerics;

namespace Taco.Tools.Calculate;

/// <summary>
/// Recursive-descent parser with Python's precedence: <c>+ -</c> below <c>* / // %</c>,
/// below unary signs, below <c>**</c> (also written <c>^</c>), which is right-associative
/// and binds tighter than a unary minus on its left (<c>-2**2 == -4</c>) but accepts one
/// on its right (<c>2**-1</c>).
/// </summary>
internal sealed class CalcParser
{
    private readonly List<CalcToken> _tokens;
    private readonly CalculatorLimits _limits;
    private int _pos;
    private int _depth;

    private CalcParser(List<CalcToken> tokens, CalculatorLimits limits)
    {
        _tokens = tokens;
        _limits = limits;
    }

    public static CalcNode Parse(string expression, CalculatorLimits limits)
    {
        var tokens = CalcTokenizer.Tokenize(expression);
        CheckParentheses(tokens, limits);
        var parser = new CalcParser(tokens, limits);
        var node = parser.ParseExpression();
        if (parser.Current.Kind != CalcTokenKind.End)
        {
            throw Syntax("invalid syntax");
        }

        return node;
    }

    private CalcToken Current => _tokens[_pos];

    private CalcToken Peek(int ahead) => _tokens[Math.Min(_pos + ahead, _tokens.Count - 1)];

    // Python reports bracket problems before anything else, with these messages.
    private static void CheckParentheses(List<CalcToken> tokens, CalculatorLimits limits)
    {
        var depth = 0;
        foreach (var t in tokens)
        {
            if (t.Kind == CalcTokenKind.LeftParen)
            {
                if (++depth > limits.MaxParenthesesDepth)
                {
                    throw Syntax("too many nested parentheses");
                }
            }
            else if (t.Kind == CalcTokenKind.RightParen && --depth < 0)
            {
                throw Syntax("unmatched ')'");
            }
        }

        if (depth > 0)
        {
            throw Syntax("'(' was never closed");
        }
    }

    private CalcNode ParseExpression()
    {
        Enter();
        var left = ParseTerm();
        while (Current.Kind is CalcTokenKind.Plus or CalcTokenKind.Minus)
        {
            var op = Next().Kind;
            left = new CalcBinaryNode(op, left, ParseTerm());
        }

        _depth--;
        return left;
    }

    private CalcNode ParseTerm()
    {
        var left = ParseUnary();
        while (Current.Kind is CalcTokenKind.Star or CalcTokenKind.Slash or CalcTokenKind.DoubleSlash or CalcTokenKind.Percent)
        {
            var op = Next().Kind;
            left = new CalcBinaryNode(op, left, ParseUnary());
        }

        return left;
    }

    private CalcNode ParseUnary()
    {
        // Iterative so that "- - - … 1" cannot exhaust the stack.
        var signs = new List<CalcTokenKind>();
        while (Current.Kind is CalcTokenKind.Plus or CalcTokenKind.Minus)
        {
            signs.Add(Next().Kind);
            if (signs.Count > _limits.MaxLength)
            {
                throw Syntax("invalid syntax");
            }
        }

        var node = ParsePower();
        for (var k = signs.Count - 1; k >= 0; k--)
        {
            node = new CalcUnaryNode(signs[k], node);
        }

        return node;
    }

    private CalcNode ParsePower()
    {
        var baseNode = ParsePostfix();
        if (Current.Kind != CalcTokenKind.Power)
        {
            return baseNode;
        }

        Next();
        Enter();
        var exponent = ParseUnary();
        _depth--;
        return new CalcBinaryNode(CalcTokenKind.Power, baseNode, exponent);
    }

    private CalcNode ParsePostfix()
    {
        var node = ParseAtom();

        // "15%" at the end, or before ")", ",", "*" …: percent. Before an operand ("7 % 3", "7 % -3"): modulo.
        while (Current.Kind == CalcTokenKind.Percent && !Peek(1).StartsOperand)
        {
            Next();
            node = new CalcPercentNode(node);
        }

        return node;
    }

    private CalcNode ParseAtom()
    {
        var t = Next();
        switch (t.Kind)
        {
            case CalcTokenKind.Number:
                return new CalcNumberNode(ParseNumber(t.Text));
            case CalcTokenKind.Dollar when Current.Kind == CalcTokenKind.Number:
                return new CalcNumberNode(ParseNumber(Next().Text));
            case CalcTokenKind.Name when Current.Kind == CalcTokenKind.LeftParen:
                return ParseCall(t.Text);
            case CalcTokenKind.Name:
                return new CalcNameNode(t.Text);
            case CalcTokenKind.LeftParen:
                var inner = ParseExpression();
                Expect(CalcTokenKind.RightParen);
                return inner;
            default:
                throw Syntax("invalid syntax");
        }
    }

    private CalcCallNode ParseCall(string name)
    {
        Next(); // (
        Enter();
        var args = new List<CalcNode>();
        while (Current.Kind != CalcTokenKind.RightParen)
        {
            args.Add(ParseExpression());
            if (Current.Kind == CalcTokenKind.Comma)
            {
                Next();
            }
            else if (Current.Kind != CalcTokenKind.RightParen)
            {
                throw Syntax("invalid syntax");
            }
        }

        Next(); // )
        _depth--;
        return new CalcCallNode(name, args);
    }

    private static CalcNumber ParseNumber(string text)
    {
        if (text.Contains('.', StringComparison.Ordinal) || text.Contains('e', StringComparison.Ordinal))
        {
            // .NET parses correctly rounded like Python; "1e400" becomes inf as in Python.
            return CalcNumber.Of(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return CalcNumber.Of(BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture));
    }

    private CalcToken Next()
    {
        var t = _tokens[_pos];
        if (_pos < _tokens.Count - 1)
        {
            _pos++;
        }

        return t;
    }

    private void Expect(CalcTokenKind kind)
    {
        if (Next().Kind != kind)
        {
            throw Syntax("invalid syntax");
        }
    }

    private void Enter()
    {
        if (++_depth > _limits.MaxNestingDepth)
        {
            throw new ToolExecutionException("RecursionError", "maximum recursion depth exceeded during compilation");
        }
    }

    private static ToolExecutionException Syntax(string message) => new("SyntaxError", message);
}
