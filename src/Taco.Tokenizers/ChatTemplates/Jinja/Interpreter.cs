using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Taco.Tokenizers.Text;

namespace Taco.Tokenizers.ChatTemplates.Jinja;

/// <summary>A variable scope; lookups walk to the parent, unknown names are undefined.</summary>
internal sealed class Scope(Scope? parent)
{
    private readonly Dictionary<string, JValue> _variables = new(StringComparer.Ordinal);

    public void Set(string name, JValue value) => _variables[name] = value;

    public JValue Lookup(string name)
    {
        for (var s = this; s is not null; s = s.Parent)
        {
            if (s._variables.TryGetValue(name, out var v))
            {
                return v;
            }
        }
        return JUndefined.Instance;
    }

    public Scope? Parent { get; } = parent;
}

/// <summary>Evaluates a parsed template with the reference's semantics (JS-flavoured Jinja).</summary>
internal sealed partial class Interpreter
{
    /// <summary>How a run of statements ended: at its end, or at a <c>break</c> / <c>continue</c> for the enclosing loop.</summary>
    private enum Flow
    {
        Next,
        Break,
        Continue,
    }

    public static string Render(List<Node> program, Scope globals) => EvaluateBlock(program, globals).Value;

    /// <summary>A block that is no loop body (the template, a macro): a <c>break</c> or <c>continue</c> reaching it is an error.</summary>
    private static JString EvaluateBlock(List<Node> statements, Scope scope)
    {
        var sb = new StringBuilder();
        if (Run(statements, scope, sb) is not Flow.Next and var flow)
        {
            throw new ChatTemplateException($"'{(flow == Flow.Break ? "break" : "continue")}' outside a for loop");
        }

        return new JString(sb.ToString());
    }

    /// <summary>
    /// Renders statements into <paramref name="output"/> up to the end or a <c>break</c> / <c>continue</c>, which it
    /// returns for the enclosing loop to act on (the reference throws for these; the output is the same).
    /// </summary>
    private static Flow Run(List<Node> statements, Scope scope, StringBuilder output)
    {
        foreach (var statement in statements)
        {
            var flow = statement switch
            {
                BreakNode => Flow.Break,
                ContinueNode => Flow.Continue,
                IfNode i => Run(Evaluate(i.Test, scope).Truthy ? i.Body : i.Alternate, scope, output),
                ForNode f => RunFor(f, scope, output),
                FilterBlockNode fb => RunFilterBlock(fb, scope, output),
                SetNode { Value: null } s => RunSetBlock(s, scope),
                _ => Append(output, Evaluate(statement, scope)),
            };
            if (flow != Flow.Next)
            {
                return flow;
            }
        }
        return Flow.Next;
    }

    private static Flow Append(StringBuilder output, JValue value)
    {
        if (value is not (JNull or JUndefined))
        {
            output.Append(value.ToString());
        }

        return Flow.Next;
    }

    private static Flow RunFilterBlock(FilterBlockNode node, Scope scope, StringBuilder output)
    {
        var body = new StringBuilder();
        var flow = Run(node.Body, scope, body);
        return flow == Flow.Next ? Append(output, Filters.Apply(new JString(body.ToString()), node.Filter, scope)) : flow;
    }

    private static Flow RunSetBlock(SetNode node, Scope scope)
    {
        var body = new StringBuilder();
        var flow = Run(node.Body, scope, body);
        if (flow == Flow.Next)
        {
            Assign(node, new JString(body.ToString()), scope);
        }

        return flow;
    }

    private static JValue Evaluate(Node? node, Scope scope) => node switch
    {
        null => JUndefined.Instance,
        TextNode t => new JString(t.Text),
        CommentNode => JNull.Instance,
        SetNode { Value: { } value } s => Assign(s, Evaluate(value, scope), scope),
        MacroNode m => DefineMacro(m, scope),
        IntegerLiteral i => new JInt(i.Value),
        FloatLiteral f => new JFloat(f.Value),
        StringLiteral s => new JString(s.Value),
        ArrayLiteral a => new JArray(a.Items.Select(x => Evaluate(x, scope)).ToList()),
        TupleLiteral t => new JTuple(t.Items.Select(x => Evaluate(x, scope)).ToList()),
        ObjectLiteral o => EvaluateObject(o, scope),
        Identifier id => scope.Lookup(id.Name),
        CallNode c => EvaluateCall(c, scope),
        MemberNode m => EvaluateMember(m, scope),
        UnaryNode u => EvaluateUnary(u, scope),
        BinaryNode b => EvaluateBinary(b, scope),
        FilterNode f => Filters.Apply(Evaluate(f.Operand, scope), f.Filter, scope),
        TestNode t => EvaluateTest(t, scope),
        SelectNode s => Evaluate(s.Test, scope).Truthy ? Evaluate(s.Value, scope) : JUndefined.Instance,
        TernaryNode t => Evaluate(t.Condition, scope).Truthy ? Evaluate(t.WhenTrue, scope) : Evaluate(t.WhenFalse, scope),
        _ => throw new ChatTemplateException($"Unknown node type: {node.GetType().Name}"),
    };

    private static JObject EvaluateObject(ObjectLiteral o, Scope scope)
    {
        var entries = new OrderedDictionary<string, JValue>(StringComparer.Ordinal);
        foreach (var (k, v) in o.Entries)
        {
            if (Evaluate(k, scope) is not JString key)
            {
                throw new ChatTemplateException("Object keys must be strings");
            }

            entries[key.Value] = Evaluate(v, scope);
        }
        return new JObject(entries);
    }

    private static JNull Assign(SetNode node, JValue rhs, Scope scope)
    {
        switch (node.Assignee)
        {
            case Identifier id:
                scope.Set(id.Name, rhs);
                break;
            case TupleLiteral tuple:
                if (rhs is not JArray arr)
                {
                    throw new ChatTemplateException("Cannot unpack non-iterable type in set");
                }

                if (arr.Items.Count != tuple.Items.Count)
                {
                    throw new ChatTemplateException($"Too {(tuple.Items.Count > arr.Items.Count ? "few" : "many")} items to unpack in set");
                }

                for (var i = 0; i < tuple.Items.Count; ++i)
                {
                    scope.Set(tuple.Items[i] is Identifier e ? e.Name : throw new ChatTemplateException("Cannot unpack to non-identifier in set"), arr.Items[i]);
                }

                break;
            case MemberNode member:
                if (Evaluate(member.Object, scope) is not JNamespace ns)
                {
                    throw new ChatTemplateException("cannot assign attribute on non-namespace object");
                }

                if (member.Property is not Identifier prop)
                {
                    throw new ChatTemplateException("Cannot assign to member with non-identifier property");
                }

                ns.Entries[prop.Name] = rhs;
                break;
            default:
                throw new ChatTemplateException("Invalid LHS inside assignment expression");
        }
        return JNull.Instance;
    }

    /// <summary>The loop consumes its body's break and continue; one in its <c>else</c> block belongs to an enclosing loop.</summary>
    private static Flow RunFor(ForNode node, Scope outer, StringBuilder output)
    {
        var scope = new Scope(outer);
        Node? test = null;
        JValue iterable;
        if (node.Iterable is SelectNode select)
        {
            iterable = Evaluate(select.Value, scope);
            test = select.Test;
        }
        else
        {
            iterable = Evaluate(node.Iterable, scope);
        }
        List<JValue> source = iterable switch
        {
            JArray a => a.Items,
            JObject o => o.Entries.Keys.Select(k => (JValue)new JString(k)).ToList(),
            _ => throw new ChatTemplateException($"Expected iterable or object type in for loop: got {TypeName(iterable)}"),
        };
        void Bind(Scope s, JValue current)
        {
            if (node.LoopVar is Identifier id)
            {
                s.Set(id.Name, current);
                return;
            }
            var vars = ((TupleLiteral)node.LoopVar).Items;
            if (current is not JArray c)
            {
                throw new ChatTemplateException($"Cannot unpack non-iterable type: {TypeName(current)}");
            }

            if (vars.Count != c.Items.Count)
            {
                throw new ChatTemplateException($"Too {(vars.Count > c.Items.Count ? "few" : "many")} items to unpack");
            }

            for (var j = 0; j < vars.Count; ++j)
            {
                s.Set(vars[j] is Identifier v ? v.Name : throw new ChatTemplateException("Cannot unpack non-identifier type"), c.Items[j]);
            }
        }
        var items = new List<JValue>();
        foreach (var current in source)
        {
            if (test is not null)
            {
                var loopScope = new Scope(scope);
                Bind(loopScope, current);
                if (!Evaluate(test, loopScope).Truthy)
                {
                    continue;
                }
            }
            items.Add(current);
        }
        var sb = new StringBuilder();
        var noIteration = true;
        for (var i = 0; i < items.Count; ++i)
        {
            var loop = new OrderedDictionary<string, JValue>(StringComparer.Ordinal)
            {
                ["index"] = new JInt(i + 1),
                ["index0"] = new JInt(i),
                ["revindex"] = new JInt(items.Count - i),
                ["revindex0"] = new JInt(items.Count - i - 1),
                ["first"] = JBool.Of(i == 0),
                ["last"] = JBool.Of(i == items.Count - 1),
                ["length"] = new JInt(items.Count),
                ["previtem"] = i > 0 ? items[i - 1] : JUndefined.Instance,
                ["nextitem"] = i < items.Count - 1 ? items[i + 1] : JUndefined.Instance,
            };
            scope.Set("loop", new JObject(loop));
            Bind(scope, items[i]);
            // As in the reference, an iteration left by break or continue adds none of its output.
            var body = new StringBuilder();
            var flow = Run(node.Body, scope, body);
            if (flow == Flow.Continue)
            {
                continue;
            }

            if (flow == Flow.Break)
            {
                break;
            }

            sb.Append(body);
            noIteration = false;
        }
        var end = noIteration ? Run(node.Default, scope, sb) : Flow.Next;
        output.Append(sb);
        return end;
    }

    private static JNull DefineMacro(MacroNode node, Scope scope)
    {
        scope.Set(node.Name, new JFunction((args, callScope) =>
        {
            // A macro that calls itself without end must fail as a template error, not overflow the stack.
            if (++_macroDepth > MaxMacroDepth)
            {
                _macroDepth = 0;
                throw new ChatTemplateException($"macro '{node.Name}' nests deeper than {MaxMacroDepth} calls");
            }
            try
            {
                return CallMacro(node, args, callScope);
            }
            finally
            {
                _macroDepth = Math.Max(0, _macroDepth - 1);
            }
        }));
        return JNull.Instance;
    }

    private const int MaxMacroDepth = 100;

    [ThreadStatic]
    private static int _macroDepth;

    private static JString CallMacro(MacroNode node, List<JValue> args, Scope callScope)
    {
        {
            var macroScope = new Scope(callScope);
            var positional = args.ToList();
            var keywords = positional.Count > 0 && positional[^1] is JKeywordArguments kw ? kw.Entries : null;
            if (keywords is not null)
            {
                positional.RemoveAt(positional.Count - 1);
            }

            if (positional.Count > node.Parameters.Count)
            {
                throw new ChatTemplateException($"macro '{node.Name}' takes not more than {node.Parameters.Count} argument(s)");
            }

            var pending = new List<(string, Node)>();
            for (var i = 0; i < node.Parameters.Count; ++i)
            {
                var (name, fallback) = node.Parameters[i] switch
                {
                    Identifier id => (id.Name, (Node?)null),
                    KeywordArgument k => (k.Key, k.Value),
                    _ => throw new ChatTemplateException("Expected identifier for parameter declaration"),
                };
                JValue? value = i < positional.Count ? positional[i] : null;
                if (value is null && keywords is not null && keywords.Remove(name, out var given))
                {
                    value = given;
                }

                if (value is null && fallback is not null)
                {
                    pending.Add((name, fallback));
                }

                macroScope.Set(name, value ?? JUndefined.Instance);
            }
            if (keywords is { Count: > 0 })
            {
                throw new ChatTemplateException($"macro '{node.Name}' takes no keyword argument '{keywords.Keys.First()}'");
            }

            foreach (var (name, fallback) in pending)
            {
                macroScope.Set(name, Evaluate(fallback, macroScope));
            }

            return EvaluateBlock(node.Body, macroScope);
        }
    }

    public static (List<JValue> Positional, OrderedDictionary<string, JValue> Keywords) EvaluateArguments(List<Node> args, Scope scope)
    {
        var positional = new List<JValue>();
        var keywords = new OrderedDictionary<string, JValue>(StringComparer.Ordinal);
        foreach (var a in args)
        {
            if (a is SpreadArgument spread)
            {
                if (Evaluate(spread.Value, scope) is not JArray arr)
                {
                    throw new ChatTemplateException("Cannot unpack non-iterable type");
                }

                positional.AddRange(arr.Items);
            }
            else if (a is not (KeywordArgument or KeywordSpreadArgument))
            {
                positional.Add(Evaluate(a, scope));
            }
        }
        foreach (var a in args)
        {
            if (a is KeywordArgument k)
            {
                if (!keywords.TryAdd(k.Key, Evaluate(k.Value, scope)))
                {
                    throw new ChatTemplateException($"Got multiple values for keyword argument '{k.Key}'");
                }
            }
            else if (a is KeywordSpreadArgument ks)
            {
                if (Evaluate(ks.Value, scope) is not JObject o)
                {
                    throw new ChatTemplateException("Argument after ** must be a mapping");
                }

                foreach (var (key, value) in o.Entries)
                {
                    if (!keywords.TryAdd(key, value))
                    {
                        throw new ChatTemplateException($"Got multiple values for keyword argument '{key}'");
                    }
                }
            }
        }
        return (positional, keywords);
    }

    private static JValue EvaluateCall(CallNode node, Scope scope)
    {
        var (args, kwargs) = EvaluateArguments(node.Arguments, scope);
        if (kwargs.Count > 0)
        {
            args.Add(new JKeywordArguments(kwargs));
        }

        var fn = Evaluate(node.Callee, scope);
        return fn is JFunction f ? f.Call(args, scope) : throw new ChatTemplateException($"Cannot call something that is not a function: got {TypeName(fn)}");
    }

    private static JValue EvaluateMember(MemberNode node, Scope scope)
    {
        var obj = Evaluate(node.Object, scope);
        JValue property;
        if (node.Computed)
        {
            if (node.Property is SliceNode slice)
            {
                return EvaluateSlice(obj, slice, scope);
            }

            property = Evaluate(node.Property, scope);
        }
        else
        {
            property = node.Property is IntegerLiteral i ? new JInt(i.Value) : new JString(((Identifier)node.Property).Name);
        }
        JValue? value;
        if (obj is JObject or JNamespace)
        {
            if (property is not JString key)
            {
                throw new ChatTemplateException($"Cannot access property with non-string: got {TypeName(property)}");
            }

            var entries = obj is JObject o ? o.Entries : ((JNamespace)obj).Entries;
            value = entries.TryGetValue(key.Value, out var found) ? found : obj is JObject ob ? Builtins.Get(ob, key.Value) : null;
        }
        else if (obj is JArray or JString)
        {
            if (property is JInt index)
            {
                if (obj is JString s)
                {
                    var at = index.Value < 0 ? s.Value.Length + index.Value : index.Value;
                    value = at >= 0 && at < s.Value.Length ? new JString(s.Value[(int)at].ToString()) : null;
                }
                else
                {
                    var items = ((JArray)obj).Items;
                    var at = index.Value < 0 ? items.Count + index.Value : index.Value;
                    value = at >= 0 && at < items.Count ? items[(int)at] : null;
                }
            }
            else if (property is JString name)
            {
                value = Builtins.Get(obj, name.Value);
            }
            else
            {
                throw new ChatTemplateException($"Cannot access property with non-string/non-number: got {TypeName(property)}");
            }
        }
        else
        {
            if (property is not JString)
            {
                throw new ChatTemplateException($"Cannot access property with non-string: got {TypeName(property)}");
            }

            value = null;
        }
        return value ?? JUndefined.Instance;
    }

    private static JValue EvaluateSlice(JValue obj, SliceNode node, Scope scope)
    {
        long? Bound(Node? n)
        {
            var v = Evaluate(n, scope);
            return v switch
            {
                JInt i => i.Value,
                JUndefined => null,
                _ => throw new ChatTemplateException("Slice indices must be integers"),
            };
        }
        var (start, stop, step) = (Bound(node.Start), Bound(node.Stop), Bound(node.Step) ?? 1);
        switch (obj)
        {
            case JArray a:
                return new JArray(Slice(a.Items, start, stop, step));
            case JString s:
                var cps = CodePoints(s.Value);
                return new JString(string.Concat(Slice(cps, start, stop, step)));
            default:
                throw new ChatTemplateException("Slice object must be an array or string");
        }
    }

    public static List<string> CodePoints(string s)
    {
        var list = new List<string>(s.Length);
        for (var i = 0; i < s.Length; ++i)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                list.Add(s.Substring(i, 2));
                ++i;
            }
            else
            {
                list.Add(s[i].ToString());
            }
        }
        return list;
    }

    private static List<T> Slice<T>(List<T> array, long? startArg, long? stopArg, long step)
    {
        if (step == 0)
        {
            throw new ChatTemplateException("slice step cannot be zero");
        }

        long n = array.Count;
        long start, stop;
        if (step > 0)
        {
            start = startArg ?? 0;
            start = start < 0 ? Math.Max(n + start, 0) : Math.Min(start, n);
            stop = stopArg ?? n;
            stop = stop < 0 ? Math.Max(n + stop, 0) : Math.Min(stop, n);
        }
        else
        {
            start = startArg ?? n - 1;
            start = start < 0 ? Math.Max(n + start, -1) : Math.Min(start, n - 1);
            stop = stopArg ?? -1;
            stop = stop < -1 ? Math.Max(n + stop, -1) : Math.Min(stop, n - 1);
        }
        var dir = Math.Sign(step);
        var result = new List<T>();
        for (var i = start; dir * i < dir * stop; i += step)
        {
            result.Add(array[(int)i]);
        }

        return result;
    }

    private static JValue EvaluateUnary(UnaryNode node, Scope scope)
    {
        var arg = Evaluate(node.Operand, scope);
        if (node.Operator == "not")
        {
            return JBool.Of(!arg.Truthy);
        }

        var sign = node.Operator == "-" ? -1 : 1;
        return arg switch
        {
            JInt i => new JInt(sign * i.Value),
            JFloat f => new JFloat(sign * f.Value),
            JBool b => new JInt(sign * (b.Value ? 1 : 0)),
            _ => throw new ChatTemplateException($"Unknown operator \"{node.Operator}\" for {TypeName(arg)}"),
        };
    }

    private static JValue EvaluateBinary(BinaryNode node, Scope scope)
    {
        var left = Evaluate(node.Left, scope);
        switch (node.Operator)
        {
            case "and":
                return left.Truthy ? Evaluate(node.Right, scope) : left;
            case "or":
                return left.Truthy ? left : Evaluate(node.Right, scope);
            default:
                break;
        }
        var right = Evaluate(node.Right, scope);
        var op = node.Operator;
        if (op == "==")
        {
            return JBool.Of(Compare.LooseEquals(left, right));
        }

        if (op == "!=")
        {
            return JBool.Of(!Compare.LooseEquals(left, right));
        }

        if (left is JUndefined || right is JUndefined)
        {
            if (right is JUndefined && op is "in" or "not in")
            {
                return JBool.Of(op == "not in");
            }

            throw new ChatTemplateException($"Cannot perform operation {op} on undefined values");
        }
        if (left is JNull || right is JNull)
        {
            throw new ChatTemplateException("Cannot perform operation on null values");
        }

        if (op == "~")
        {
            return new JString(left.RawString + right.RawString);
        }

        if (op == "**" && Compare.IsNumericLike(left) && Compare.IsNumericLike(right))
        {
            var (a, b) = (Compare.Numeric(left), Compare.Numeric(right));
            if (a == 0 && b < 0)
            {
                throw new ChatTemplateException("0.0 cannot be raised to a negative power");
            }

            var r = Math.Pow(a, b);
            return left is JFloat || right is JFloat || b < 0 ? new JFloat(r) : new JInt((long)r);
        }
        if (left is JInt or JFloat && right is JInt or JFloat)
        {
            var (a, b) = (Compare.Numeric(left), Compare.Numeric(right));
            var isFloat = left is JFloat || right is JFloat;
            JValue Num(double v) => isFloat ? new JFloat(v) : new JInt((long)v);
            switch (op)
            {
                case "+": return Num(a + b);
                case "-": return Num(a - b);
                case "*": return Num(a * b);
                case "/": return new JFloat(a / b);
                case "//": return Num(Math.Floor(a / b));
                case "%": return Num(a % b);
                case "<": return JBool.Of(a < b);
                case ">": return JBool.Of(a > b);
                case ">=": return JBool.Of(a >= b);
                case "<=": return JBool.Of(a <= b);
                default: break;
            }
        }
        else if (left is JArray la && right is JArray ra)
        {
            if (op == "+")
            {
                return new JArray([.. la.Items, .. ra.Items]);
            }
        }
        else if (right is JArray list)
        {
            var member = list.Items.Any(x => Compare.StrictEquals(x, left));
            if (op == "in")
            {
                return JBool.Of(member);
            }

            if (op == "not in")
            {
                return JBool.Of(!member);
            }
        }
        if ((left is JString || right is JString) && op == "+")
        {
            return new JString(left.RawString + right.RawString);
        }

        if (left is JString ls && right is JString rs)
        {
            if (op == "in")
            {
                return JBool.Of(rs.Value.Contains(ls.Value, StringComparison.Ordinal));
            }

            if (op == "not in")
            {
                return JBool.Of(!rs.Value.Contains(ls.Value, StringComparison.Ordinal));
            }
        }
        if (left is JString key && right is JObject obj)
        {
            if (op == "in")
            {
                return JBool.Of(obj.Entries.ContainsKey(key.Value));
            }

            if (op == "not in")
            {
                return JBool.Of(!obj.Entries.ContainsKey(key.Value));
            }
        }
        throw new ChatTemplateException($"Unknown operator \"{op}\" between {TypeName(left)} and {TypeName(right)}");
    }

    private static JBool EvaluateTest(TestNode node, Scope scope)
    {
        var v = Evaluate(node.Operand, scope);
        bool result = node.Test switch
        {
            "boolean" => v is JBool,
            "callable" => v is JFunction,
            "odd" => v is JInt oi ? oi.Value % 2 != 0 : throw new ChatTemplateException($"cannot odd on {TypeName(v)}"),
            "even" => v is JInt ei ? ei.Value % 2 == 0 : throw new ChatTemplateException($"cannot even on {TypeName(v)}"),
            "false" => v is JBool { Value: false },
            "true" => v is JBool { Value: true },
            "none" => v is JNull,
            "string" => v is JString,
            "number" => v is JInt or JFloat,
            "integer" => v is JInt,
            "iterable" => v is JArray or JString,
            "mapping" => v is JObject,
            "sequence" => v is JArray or JObject or JString,
            "lower" => v is JString ls && ls.Value == JsText.ToLower(ls.Value),
            "upper" => v is JString us && us.Value == Builtins.ToUpper(us.Value),
            "defined" => v is not JUndefined,
            "undefined" => v is JUndefined,
            _ => throw new ChatTemplateException($"Unknown test: {node.Test}"),
        };
        return JBool.Of(node.Negate ? !result : result);
    }

    public static string TypeName(JValue v) => v switch
    {
        JString => "StringValue",
        JInt => "IntegerValue",
        JFloat => "FloatValue",
        JBool => "BooleanValue",
        JNull => "NullValue",
        JUndefined => "UndefinedValue",
        JTuple => "TupleValue",
        JArray => "ArrayValue",
        JKeywordArguments => "KeywordArgumentsValue",
        JObject => "ObjectValue",
        JNamespace => "NamespaceValue",
        JFunction => "FunctionValue",
        _ => v.GetType().Name,
    };

    /// <summary>The global functions every template sees.</summary>
    public static Scope Globals()
    {
        var g = new Scope(null);
        g.Set("false", JBool.False);
        g.Set("true", JBool.True);
        g.Set("none", JNull.Instance);
        g.Set("False", JBool.False);
        g.Set("True", JBool.True);
        g.Set("None", JNull.Instance);
        g.Set("raise_exception", new JFunction((args, _) =>
            throw new ChatTemplateException(args.Count > 0 ? args[0] is JString s ? s.Value : args[0].RawString : "undefined")));
        g.Set("range", new JFunction((args, _) =>
        {
            var n = args.Select(a => a is JInt i ? i.Value : throw new ChatTemplateException("range() arguments must be integers")).ToList();
            var (start, stop, step) = n.Count switch
            {
                1 => (0L, n[0], 1L),
                2 => (n[0], n[1], 1L),
                3 => (n[0], n[1], n[2]),
                _ => throw new ChatTemplateException("range() takes 1 to 3 arguments"),
            };
            if (step == 0)
            {
                throw new ChatTemplateException("range() step must not be zero");
            }

            var result = new List<JValue>();
            for (var i = start; step > 0 ? i < stop : i > stop; i += step)
            {
                result.Add(new JInt(i));
            }

            return new JArray(result);
        }));
        g.Set("strftime_now", new JFunction((args, _) =>
            new JString(StrftimeNow(args.Count > 0 && args[0] is JString f ? f.Value : ""))));
        g.Set("namespace", new JFunction((args, _) =>
        {
            var positional = args.ToList();
            var entries = new OrderedDictionary<string, JValue>(StringComparer.Ordinal);
            JKeywordArguments? kwargs = null;
            if (positional.Count > 0 && positional[^1] is JKeywordArguments k)
            {
                kwargs = k;
                positional.RemoveAt(positional.Count - 1);
            }
            if (positional.Count > 1)
            {
                throw new ChatTemplateException($"namespace expected at most 1 argument, got {positional.Count}");
            }

            if (positional.Count == 1)
            {
                if (positional[0] is not JObject source)
                {
                    throw new ChatTemplateException($"'{TypeName(positional[0])}' object is not iterable");
                }

                foreach (var (key, value) in source.Entries)
                {
                    entries[key] = value;
                }
            }
            if (kwargs is not null)
            {
                foreach (var (key, value) in kwargs.Entries)
                {
                    entries[key] = value;
                }
            }
            return new JNamespace(entries);
        }));
        return g;
    }

    private static string StrftimeNow(string format)
    {
        var now = DateTime.Now;
        return StrftimeToken().Replace(format, m => m.Value switch
        {
            "%Y" => now.Year.ToString(CultureInfo.InvariantCulture),
            "%m" => now.Month.ToString("00", CultureInfo.InvariantCulture),
            "%d" => now.Day.ToString("00", CultureInfo.InvariantCulture),
            "%b" => now.ToString("MMM", CultureInfo.InvariantCulture),
            "%B" => now.ToString("MMMM", CultureInfo.InvariantCulture),
            "%H" => now.Hour.ToString("00", CultureInfo.InvariantCulture),
            "%M" => now.Minute.ToString("00", CultureInfo.InvariantCulture),
            _ => "%",
        });
    }

    [GeneratedRegex("%[YmdbBHM%]")]
    private static partial Regex StrftimeToken();
}
