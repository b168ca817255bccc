using System.Globalization;

namespace Taco.Tokenizers.ChatTemplates.Jinja;

/// <summary>Recursive-descent parser with the reference's grammar and operator precedence.</summary>
internal sealed class Parser
{
    private readonly List<Token> _tokens;
    private int _pos;

    private Parser(List<Token> tokens) => _tokens = tokens;

    public static List<Node> Parse(List<Token> tokens)
    {
        var p = new Parser(tokens);
        var program = new List<Node>();
        while (p._pos < tokens.Count)
        {
            program.Add(p.ParseAny());
        }

        return program;
    }

    private Token Current => _pos < _tokens.Count ? _tokens[_pos] : throw new ChatTemplateException("Unexpected end of template");

    private Token Expect(TokenKind kind, string error)
    {
        var t = _pos < _tokens.Count ? _tokens[_pos++] : throw new ChatTemplateException($"Parser Error: {error}. End of template.");
        return t.Kind == kind ? t : throw new ChatTemplateException($"Parser Error: {error}. {t.Kind} !== {kind}.");
    }

    private bool Is(params TokenKind[] kinds)
    {
        if (_pos + kinds.Length > _tokens.Count)
        {
            return false;
        }

        for (var i = 0; i < kinds.Length; ++i)
        {
            if (_tokens[_pos + i].Kind != kinds[i])
            {
                return false;
            }
        }
        return true;
    }

    private bool IsIdentifier(params string[] names)
    {
        if (_pos + names.Length > _tokens.Count)
        {
            return false;
        }

        for (var i = 0; i < names.Length; ++i)
        {
            if (_tokens[_pos + i].Kind != TokenKind.Identifier || _tokens[_pos + i].Value != names[i])
            {
                return false;
            }
        }
        return true;
    }

    private bool IsStatement(params string[] names) =>
        _pos + 1 < _tokens.Count && _tokens[_pos].Kind == TokenKind.OpenStatement && _tokens[_pos + 1].Kind == TokenKind.Identifier
        && names.Contains(_tokens[_pos + 1].Value);

    private void ExpectIdentifier(string name)
    {
        if (!IsIdentifier(name))
        {
            throw new ChatTemplateException($"Expected {name}");
        }

        ++_pos;
    }

    private Node ParseAny() => Current.Kind switch
    {
        TokenKind.Comment => Skip(new CommentNode()),
        TokenKind.Text => new TextNode(Expect(TokenKind.Text, "Expected text token").Value),
        TokenKind.OpenStatement => ParseStatement(),
        TokenKind.OpenExpression => ParseOutput(),
        var k => throw new ChatTemplateException($"Unexpected token type: {k}"),
    };

    private Node Skip(Node n)
    {
        ++_pos;
        return n;
    }

    private Node ParseOutput()
    {
        Expect(TokenKind.OpenExpression, "Expected opening expression token");
        var e = ParseExpression();
        Expect(TokenKind.CloseExpression, "Expected closing expression token");
        return e;
    }

    private List<Node> ParseUntil(params string[] statements)
    {
        var body = new List<Node>();
        while (!IsStatement(statements))
        {
            body.Add(ParseAny());
        }

        return body;
    }

    private void ExpectEnd(string name)
    {
        Expect(TokenKind.OpenStatement, "Expected {% token");
        ExpectIdentifier(name);
        Expect(TokenKind.CloseStatement, "Expected %} token");
    }

    private Node ParseStatement()
    {
        Expect(TokenKind.OpenStatement, "Expected opening statement token");
        if (Current.Kind != TokenKind.Identifier)
        {
            throw new ChatTemplateException($"Unknown statement, got {Current.Kind}");
        }

        var name = Current.Value;
        ++_pos;
        switch (name)
        {
            case "set":
                return ParseSet();
            case "if":
                {
                    var n = ParseIf();
                    ExpectEnd("endif");
                    return n;
                }
            case "for":
                {
                    var n = ParseFor();
                    ExpectEnd("endfor");
                    return n;
                }
            case "macro":
                {
                    var callee = ParsePrimary();
                    if (callee is not Identifier id)
                    {
                        throw new ChatTemplateException("Expected identifier following macro statement");
                    }

                    var parameters = ParseArgs();
                    Expect(TokenKind.CloseStatement, "Expected closing statement token");
                    var body = ParseUntil("endmacro");
                    ExpectEnd("endmacro");
                    return new MacroNode(id.Name, parameters, body);
                }
            case "filter":
                {
                    var filter = ParsePrimary();
                    if (filter is Identifier && Is(TokenKind.OpenParen))
                    {
                        filter = ParseCall(filter);
                    }

                    Expect(TokenKind.CloseStatement, "Expected closing statement token");
                    var body = ParseUntil("endfilter");
                    ExpectEnd("endfilter");
                    return new FilterBlockNode(filter, body);
                }
            case "break":
                Expect(TokenKind.CloseStatement, "Expected closing statement token");
                return new BreakNode();
            case "continue":
                Expect(TokenKind.CloseStatement, "Expected closing statement token");
                return new ContinueNode();
            default:
                throw new ChatTemplateException($"Unknown statement type: {name}");
        }
    }

    private SetNode ParseSet()
    {
        var left = ParseSequence(primary: false);
        Node? value = null;
        var body = new List<Node>();
        if (Is(TokenKind.Equals))
        {
            ++_pos;
            value = ParseSequence(primary: false);
        }
        else
        {
            Expect(TokenKind.CloseStatement, "Expected %} token");
            body = ParseUntil("endset");
            Expect(TokenKind.OpenStatement, "Expected {% token");
            ExpectIdentifier("endset");
        }
        Expect(TokenKind.CloseStatement, "Expected closing statement token");
        return new SetNode(left, value, body);
    }

    private IfNode ParseIf()
    {
        var test = ParseExpression();
        Expect(TokenKind.CloseStatement, "Expected closing statement token");
        var body = ParseUntil("elif", "else", "endif");
        var alternate = new List<Node>();
        if (IsStatement("elif"))
        {
            _pos += 2;
            alternate.Add(ParseIf());
        }
        else if (IsStatement("else"))
        {
            _pos += 2;
            Expect(TokenKind.CloseStatement, "Expected closing statement token");
            alternate = ParseUntil("endif");
        }
        return new IfNode(test, body, alternate);
    }

    private ForNode ParseFor()
    {
        var loopVar = ParseSequence(primary: true);
        if (loopVar is not (Identifier or TupleLiteral))
        {
            throw new ChatTemplateException("Expected identifier/tuple for the loop variable");
        }

        if (!IsIdentifier("in"))
        {
            throw new ChatTemplateException("Expected `in` keyword following loop variable");
        }

        ++_pos;
        var iterable = ParseExpression();
        Expect(TokenKind.CloseStatement, "Expected closing statement token");
        var body = ParseUntil("endfor", "else");
        var alternative = new List<Node>();
        if (IsStatement("else"))
        {
            _pos += 2;
            Expect(TokenKind.CloseStatement, "Expected closing statement token");
            alternative = ParseUntil("endfor");
        }
        return new ForNode(loopVar, iterable, body, alternative);
    }

    private Node ParseSequence(bool primary)
    {
        Node Next() => primary ? ParsePrimary() : ParseExpression();
        var first = Next();
        if (!Is(TokenKind.Comma))
        {
            return first;
        }

        var items = new List<Node> { first };
        while (Is(TokenKind.Comma))
        {
            ++_pos;
            items.Add(Next());
        }
        return new TupleLiteral(items);
    }

    private Node ParseExpression()
    {
        var a = ParseOr();
        if (!IsIdentifier("if"))
        {
            return a;
        }

        ++_pos;
        var test = ParseOr();
        if (IsIdentifier("else"))
        {
            ++_pos;
            return new TernaryNode(test, a, ParseExpression());
        }
        return new SelectNode(a, test);
    }

    private Node ParseOr()
    {
        var left = ParseAnd();
        while (IsIdentifier("or"))
        {
            ++_pos;
            left = new BinaryNode("or", left, ParseAnd());
        }
        return left;
    }

    private Node ParseAnd()
    {
        var left = ParseNot();
        while (IsIdentifier("and"))
        {
            ++_pos;
            left = new BinaryNode("and", left, ParseNot());
        }
        return left;
    }

    private Node ParseNot()
    {
        if (IsIdentifier("not"))
        {
            ++_pos;
            return new UnaryNode("not", ParseNot());
        }
        return ParseComparison();
    }

    private Node ParseComparison()
    {
        var left = ParseAdditive();
        while (true)
        {
            string op;
            if (IsIdentifier("not", "in"))
            {
                op = "not in";
                _pos += 2;
            }
            else if (IsIdentifier("in"))
            {
                op = "in";
                ++_pos;
            }
            else if (Is(TokenKind.Comparison))
            {
                op = _tokens[_pos++].Value;
            }
            else
            {
                return left;
            }
            left = new BinaryNode(op, left, ParseAdditive());
        }
    }

    private Node ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Is(TokenKind.Additive))
        {
            var op = _tokens[_pos++].Value;
            left = new BinaryNode(op, left, ParseMultiplicative());
        }
        return left;
    }

    private Node ParseMultiplicative()
    {
        var left = ParsePower();
        while (Is(TokenKind.Multiplicative))
        {
            var op = _tokens[_pos++].Value;
            left = new BinaryNode(op, left, ParsePower());
        }
        return left;
    }

    private Node ParsePower()
    {
        var left = ParseTest();
        while (Is(TokenKind.Power))
        {
            ++_pos;
            left = new BinaryNode("**", left, ParseTest());
        }
        return left;
    }

    private Node ParseTest()
    {
        var operand = ParseFilter();
        while (IsIdentifier("is"))
        {
            ++_pos;
            var negate = IsIdentifier("not");
            if (negate)
            {
                ++_pos;
            }

            if (ParsePrimary() is not Identifier test)
            {
                throw new ChatTemplateException("Expected identifier for the test");
            }

            operand = new TestNode(operand, negate, test.Name);
        }
        return operand;
    }

    private Node ParseFilter()
    {
        var operand = ParseUnarySign();
        while (Is(TokenKind.Pipe))
        {
            ++_pos;
            var filter = ParsePrimary();
            if (filter is not Identifier)
            {
                throw new ChatTemplateException("Expected identifier for the filter");
            }

            if (Is(TokenKind.OpenParen))
            {
                filter = ParseCall(filter);
            }

            operand = new FilterNode(operand, filter);
        }
        return operand;
    }

    private Node ParseUnarySign()
    {
        if (_pos < _tokens.Count && _tokens[_pos] is { Kind: TokenKind.Unary or TokenKind.Additive, Value: "-" or "+" } t)
        {
            ++_pos;
            return new UnaryNode(t.Value, ParseUnarySign());
        }
        var member = ParseMember(ParsePrimary());
        return Is(TokenKind.OpenParen) ? ParseCall(member) : member;
    }

    private Node ParseCall(Node callee)
    {
        Node e = new CallNode(callee, ParseArgs());
        e = ParseMember(e);
        return Is(TokenKind.OpenParen) ? ParseCall(e) : e;
    }

    private List<Node> ParseArgs()
    {
        Expect(TokenKind.OpenParen, "Expected opening parenthesis for arguments list");
        var args = new List<Node>();
        while (!Is(TokenKind.CloseParen))
        {
            if (Is(TokenKind.Power))
            {
                ++_pos;
                args.Add(new KeywordSpreadArgument(ParseExpression()));
                if (Is(TokenKind.Comma))
                {
                    ++_pos;
                }

                break;
            }
            Node arg;
            if (Is(TokenKind.Multiplicative) && Current.Value == "*")
            {
                ++_pos;
                arg = new SpreadArgument(ParseExpression());
            }
            else
            {
                arg = ParseExpression();
                if (Is(TokenKind.Equals))
                {
                    ++_pos;
                    if (arg is not Identifier key)
                    {
                        throw new ChatTemplateException("Expected identifier for keyword argument");
                    }

                    arg = new KeywordArgument(key.Name, ParseExpression());
                }
            }
            args.Add(arg);
            if (Is(TokenKind.Comma))
            {
                ++_pos;
            }
        }
        Expect(TokenKind.CloseParen, "Expected closing parenthesis for arguments list");
        return args;
    }

    private Node ParseMember(Node obj)
    {
        while (Is(TokenKind.Dot) || Is(TokenKind.OpenSquare))
        {
            var computed = _tokens[_pos++].Kind == TokenKind.OpenSquare;
            Node property;
            if (computed)
            {
                property = ParseSubscript();
                Expect(TokenKind.CloseSquare, "Expected closing square bracket");
            }
            else
            {
                property = ParsePrimary();
                if (property is not (Identifier or IntegerLiteral))
                {
                    throw new ChatTemplateException("Expected identifier or integer following dot operator");
                }
            }
            obj = new MemberNode(obj, property, computed);
        }
        return obj;
    }

    private Node ParseSubscript()
    {
        var slices = new List<Node?>();
        var isSlice = false;
        while (!Is(TokenKind.CloseSquare))
        {
            if (Is(TokenKind.Colon))
            {
                slices.Add(null);
                ++_pos;
                isSlice = true;
            }
            else
            {
                slices.Add(ParseExpression());
                if (Is(TokenKind.Colon))
                {
                    ++_pos;
                    isSlice = true;
                }
            }
        }
        if (slices.Count == 0)
        {
            throw new ChatTemplateException("Expected at least one argument for member/slice expression");
        }

        if (!isSlice)
        {
            return slices[0]!;
        }

        if (slices.Count > 3)
        {
            throw new ChatTemplateException("Expected 0-3 arguments for slice expression");
        }

        return new SliceNode(slices.ElementAtOrDefault(0), slices.ElementAtOrDefault(1), slices.ElementAtOrDefault(2));
    }

    private Node ParsePrimary()
    {
        var t = _pos < _tokens.Count ? _tokens[_pos++] : throw new ChatTemplateException("Unexpected end of template");
        switch (t.Kind)
        {
            case TokenKind.Number:
                return t.Value.Contains('.', StringComparison.Ordinal)
                    ? new FloatLiteral(double.Parse(t.Value, CultureInfo.InvariantCulture))
                    : new IntegerLiteral(long.Parse(t.Value, CultureInfo.InvariantCulture));
            case TokenKind.String:
                {
                    var value = t.Value;
                    while (Is(TokenKind.String))
                    {
                        value += _tokens[_pos++].Value;
                    }

                    return new StringLiteral(value);
                }
            case TokenKind.Identifier:
                return new Identifier(t.Value);
            case TokenKind.OpenParen:
                {
                    var e = ParseSequence(primary: false);
                    Expect(TokenKind.CloseParen, "Expected closing parenthesis");
                    return e;
                }
            case TokenKind.OpenSquare:
                {
                    var items = new List<Node>();
                    while (!Is(TokenKind.CloseSquare))
                    {
                        items.Add(ParseExpression());
                        if (Is(TokenKind.Comma))
                        {
                            ++_pos;
                        }
                    }
                    ++_pos;
                    return new ArrayLiteral(items);
                }
            case TokenKind.OpenCurly:
                {
                    var entries = new List<(Node, Node)>();
                    while (!Is(TokenKind.CloseCurly))
                    {
                        var key = ParseExpression();
                        Expect(TokenKind.Colon, "Expected colon between key and value in object literal");
                        entries.Add((key, ParseExpression()));
                        if (Is(TokenKind.Comma))
                        {
                            ++_pos;
                        }
                    }
                    ++_pos;
                    return new ObjectLiteral(entries);
                }
            default:
                throw new ChatTemplateException($"Unexpected token: {t.Kind}");
        }
    }
}
