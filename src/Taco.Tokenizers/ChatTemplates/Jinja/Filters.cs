using System.Globalization;
using Taco.Tokenizers.Text;

namespace Taco.Tokenizers.ChatTemplates.Jinja;

/// <summary>The filters the reference implements, per operand type, with its argument handling.</summary>
internal static class Filters
{
    public static JValue Apply(JValue operand, Node filter, Scope scope)
    {
        if (filter is Identifier id)
        {
            return ApplyPlain(operand, id.Name);
        }

        if (filter is CallNode { Callee: Identifier callee } call)
        {
            return ApplyCall(operand, callee.Name, call.Arguments, scope);
        }

        throw new ChatTemplateException("Unknown filter");
    }

    private static JValue ApplyPlain(JValue operand, string name)
    {
        if (name == "safe")
        {
            return operand;
        }

        if (name == "tojson")
        {
            return new JString(JsFormat.ToJson(operand, null));
        }

        switch (operand)
        {
            case JArray a:
                return name switch
                {
                    "list" => a,
                    "first" => a.Items.Count > 0 ? a.Items[0] : JUndefined.Instance,
                    "last" => a.Items.Count > 0 ? a.Items[^1] : JUndefined.Instance,
                    "length" => new JInt(a.Items.Count),
                    "reverse" => new JArray(Enumerable.Reverse(a.Items).ToList()),
                    "sort" => new JArray(a.Items.Order(Comparer<JValue>.Create((x, y) => Compare.Order(x, y, false))).ToList()),
                    "join" => new JString(string.Concat(a.Items.Select(RawJoinPart))),
                    "string" => new JString(JsFormat.ToJson(a, null, convertUndefinedToNull: false)),
                    "unique" => new JArray(Unique(a.Items)),
                    _ => throw new ChatTemplateException($"Unknown ArrayValue filter: {name}"),
                };
            case JString s:
                return name switch
                {
                    "length" => new JInt(s.Value.Length),
                    "upper" => new JString(Builtins.ToUpper(s.Value)),
                    "lower" => new JString(JsText.ToLower(s.Value)),
                    "title" => new JString(Builtins.Title(s.Value)),
                    "capitalize" => new JString(Builtins.Capitalize(s.Value)),
                    "trim" => new JString(JsText.Trim(s.Value)),
                    "indent" => new JString(string.Join("\n", s.Value.Split('\n').Select((x, i) => i == 0 || x.Length == 0 ? x : "    " + x))),
                    "join" or "string" => s,
                    "int" => new JInt(ParseIntPrefix(s.Value) ?? 0),
                    "float" => new JFloat(ParseFloatPrefix(s.Value) ?? 0),
                    _ => throw new ChatTemplateException($"Unknown StringValue filter: {name}"),
                };
            case JInt or JFloat:
                return name switch
                {
                    "abs" => operand is JInt i ? new JInt(Math.Abs(i.Value)) : new JFloat(Math.Abs(((JFloat)operand).Value)),
                    "int" => new JInt((long)Math.Floor(Compare.Numeric(operand))),
                    "float" => new JFloat(Compare.Numeric(operand)),
                    "string" => new JString(operand.ToString()),
                    _ => throw new ChatTemplateException($"Unknown NumericValue filter: {name}"),
                };
            case JObject o:
                switch (name)
                {
                    case "items":
                        return Builtins.Items(o);
                    case "length":
                        return new JInt(o.Entries.Count);
                    default:
                        var builtin = Builtins.Get(o, name) ?? throw new ChatTemplateException($"Unknown ObjectValue filter: {name}");
                        return builtin is JFunction f ? f.Call([], new Scope(null)) : builtin;
                }
            case JBool b:
                return name switch
                {
                    "bool" => b,
                    "int" => new JInt(b.Value ? 1 : 0),
                    "float" => new JFloat(b.Value ? 1 : 0),
                    "string" => new JString(b.Value ? "true" : "false"),
                    _ => throw new ChatTemplateException($"Unknown BooleanValue filter: {name}"),
                };
            default:
                throw new ChatTemplateException($"Cannot apply filter \"{name}\" to type: {Interpreter.TypeName(operand)}");
        }
    }

    private static string RawJoinPart(JValue v) => v is JNull or JUndefined ? "" : v.RawString;

    private static List<JValue> Unique(List<JValue> items)
    {
        var output = new List<JValue>();
        foreach (var item in items)
        {
            if (!output.Any(o => Compare.StrictEquals(o, item)))
            {
                output.Add(item);
            }
        }
        return output;
    }

    private static JValue ApplyCall(JValue operand, string name, List<Node> argNodes, Scope scope)
    {
        var (args, kwargs) = Interpreter.EvaluateArguments(argNodes, scope);
        JValue Arg(int i, string key, JValue fallback) => i < args.Count ? args[i] : kwargs.GetValueOrDefault(key) ?? fallback;
        switch (name)
        {
            case "tojson":
                {
                    var indent = kwargs.GetValueOrDefault("indent") ?? JNull.Instance;
                    if (indent is not (JInt or JNull))
                    {
                        throw new ChatTemplateException("If set, indent must be a number");
                    }

                    var ensureAscii = kwargs.GetValueOrDefault("ensure_ascii") as JBool ?? JBool.False;
                    var sortKeys = kwargs.GetValueOrDefault("sort_keys") as JBool ?? JBool.False;
                    (string, string)? separators = null;
                    if (kwargs.GetValueOrDefault("separators") is JArray { Items: [JString item, JString key] })
                    {
                        separators = (item.Value, key.Value);
                    }

                    return new JString(JsFormat.ToJson(operand, new JsFormat.JsonOptions(indent is JInt n ? (int)n.Value : null, ensureAscii.Value, sortKeys.Value, separators)));
                }
            case "join":
                {
                    IEnumerable<string> parts = operand switch
                    {
                        JString s => Interpreter.CodePoints(s.Value),
                        JArray a => a.Items.Select(RawJoinPart),
                        _ => throw new ChatTemplateException($"Cannot apply filter \"join\" to type: {Interpreter.TypeName(operand)}"),
                    };
                    var separator = Arg(0, "separator", new JString("")) as JString ?? throw new ChatTemplateException("separator must be a string");
                    return new JString(string.Join(separator.Value, parts));
                }
            case "int" or "float":
                {
                    var fallback = Arg(0, "default", name == "int" ? new JInt(0) : new JFloat(0));
                    return operand switch
                    {
                        JString s when name == "int" => ParseIntPrefix(s.Value) is { } i ? new JInt(i) : fallback,
                        JString s => ParseFloatPrefix(s.Value) is { } f ? new JFloat(f) : fallback,
                        JInt or JFloat => operand,
                        JBool b => name == "int" ? new JInt(b.Value ? 1 : 0) : new JFloat(b.Value ? 1 : 0),
                        _ => throw new ChatTemplateException($"Cannot apply filter \"{name}\" to type: {Interpreter.TypeName(operand)}"),
                    };
                }
            case "default":
                {
                    var fallback = args.Count > 0 ? args[0] : new JString("");
                    var boolean = Arg(1, "boolean", JBool.False) as JBool ?? throw new ChatTemplateException("`default` filter flag must be a boolean");
                    return operand is JUndefined || (boolean.Value && !operand.Truthy) ? fallback : operand;
                }
            default:
                break;
        }
        if (operand is JArray arr)
        {
            switch (name)
            {
                case "sort":
                    {
                        var reverse = Arg(0, "reverse", JBool.False) as JBool ?? throw new ChatTemplateException("reverse must be a boolean");
                        var caseSensitive = Arg(1, "case_sensitive", JBool.False) as JBool ?? throw new ChatTemplateException("case_sensitive must be a boolean");
                        var attribute = Arg(2, "attribute", JNull.Instance);
                        JValue Key(JValue item) => attribute switch
                        {
                            JNull => item,
                            JString a => AttributeValue(item, a.Value),
                            JInt i => AttributeValue(item, i.Value.ToString(CultureInfo.InvariantCulture)),
                            _ => throw new ChatTemplateException("attribute must be a string, integer, or null"),
                        };
                        return new JArray(arr.Items.Order(Comparer<JValue>.Create((x, y) =>
                        {
                            var r = Compare.Order(Key(x), Key(y), caseSensitive.Value);
                            return reverse.Value ? -r : r;
                        })).ToList());
                    }
                case "selectattr" or "rejectattr":
                    {
                        var select = name == "selectattr";
                        if (arr.Items.Any(i => i is not (JObject or JNamespace)))
                        {
                            throw new ChatTemplateException($"`{name}` can only be applied to array of objects");
                        }

                        if (argNodes.Any(a => a is not StringLiteral))
                        {
                            throw new ChatTemplateException($"arguments of `{name}` must be strings");
                        }

                        var attr = ((JString)args[0]).Value;
                        var testName = args.Count > 1 ? ((JString)args[1]).Value : null;
                        var value = args.Count > 2 ? args[2] : null;
                        return new JArray(arr.Items.Where(item =>
                        {
                            var entries = item is JObject o ? o.Entries : ((JNamespace)item).Entries;
                            var a = entries.GetValueOrDefault(attr);
                            var result = a is not null && (testName is null ? a.Truthy : RunTest(testName, a, value));
                            return select ? result : !result;
                        }).ToList());
                    }
                case "map":
                    {
                        if (kwargs.GetValueOrDefault("attribute") is not JString attr)
                        {
                            throw new ChatTemplateException("`map` expressions without `attribute` set are not currently supported.");
                        }

                        var fallback = kwargs.GetValueOrDefault("default");
                        return new JArray(arr.Items.Select(item =>
                        {
                            if (item is not (JObject or JNamespace))
                            {
                                throw new ChatTemplateException("items in map must be an object");
                            }

                            var v = AttributeValue(item, attr.Value);
                            return v is JUndefined ? fallback ?? JUndefined.Instance : v;
                        }).ToList());
                    }
                default:
                    throw new ChatTemplateException($"Unknown ArrayValue filter: {name}");
            }
        }
        if (operand is JString str)
        {
            switch (name)
            {
                case "indent":
                    {
                        var width = Arg(0, "width", new JInt(4)) as JInt ?? throw new ChatTemplateException("width must be a number");
                        var first = Arg(1, "first", JBool.False).Truthy;
                        var blank = Arg(2, "blank", JBool.False).Truthy;
                        var pad = new string(' ', (int)width.Value);
                        return new JString(string.Join("\n", str.Value.Split('\n').Select((x, i) => (!first && i == 0) || (!blank && x.Length == 0) ? x : pad + x)));
                    }
                case "replace":
                    return Builtins.Replace(str.Value, [.. args, new JKeywordArguments(kwargs)]);
                default:
                    throw new ChatTemplateException($"Unknown StringValue filter: {name}");
            }
        }
        if (operand is JObject obj && Builtins.Get(obj, name) is JFunction fn)
        {
            if (kwargs.Count > 0)
            {
                args.Add(new JKeywordArguments(kwargs));
            }

            return fn.Call(args, scope);
        }
        throw new ChatTemplateException($"Cannot apply filter \"{name}\" to type: {Interpreter.TypeName(operand)}");
    }

    private static bool RunTest(string name, JValue a, JValue? b) => name switch
    {
        "equalto" or "eq" => b is not null && Compare.StrictEquals(a, b),
        "none" => a is JNull,
        "defined" => a is not JUndefined,
        "string" => a is JString,
        "true" => a is JBool { Value: true },
        "false" => a is JBool { Value: false },
        _ => throw new ChatTemplateException($"Unknown test: {name}"),
    };

    private static JValue AttributeValue(JValue item, string path)
    {
        var value = item;
        foreach (var part in path.Split('.'))
        {
            if (value is JObject o)
            {
                value = o.Entries.GetValueOrDefault(part) ?? JUndefined.Instance;
            }
            else if (value is JNamespace ns)
            {
                value = ns.Entries.GetValueOrDefault(part) ?? JUndefined.Instance;
            }
            else if (value is JArray a && int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < a.Items.Count)
            {
                value = a.Items[index];
            }
            else
            {
                return JUndefined.Instance;
            }
        }
        return value;
    }

    // parseInt / parseFloat read the longest numeric prefix after leading whitespace.
    private static long? ParseIntPrefix(string s)
    {
        var t = JsText.TrimStart(s);
        var end = 0;
        if (end < t.Length && t[end] is '+' or '-')
        {
            ++end;
        }

        var digits = end;
        while (end < t.Length && char.IsAsciiDigit(t[end]))
        {
            ++end;
        }

        return end > digits && long.TryParse(t.AsSpan(0, end), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    private static double? ParseFloatPrefix(string s)
    {
        var t = JsText.TrimStart(s);
        for (var len = t.Length; len > 0; --len)
        {
            if (double.TryParse(t.AsSpan(0, len), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                return v;
            }
        }
        return null;
    }
}
