using System.Text;
using System.Text.RegularExpressions;
using Taco.Tokenizers.Text;

namespace Taco.Tokenizers.ChatTemplates.Jinja;

/// <summary>
/// Attributes and methods of values (str.upper(), dict.items(), list.length …) with the reference's
/// behaviour — which follows JavaScript: strip() ignores its argument and trims all whitespace,
/// capitalize() and title() only upper-case, they never lower-case the rest.
/// </summary>
internal static partial class Builtins
{
    public static JValue? Get(JValue obj, string name) => obj switch
    {
        JString s => StringMember(s.Value, name),
        JArray a => name == "length" ? new JInt(a.Items.Count) : null,
        JObject o => ObjectMember(o, name),
        _ => null,
    };

    public static string ToUpper(string s) => s.ToUpperInvariant().Replace("ß", "SS", StringComparison.Ordinal);

    public static string Capitalize(string s) => s.Length == 0 ? s : ToUpper(s[..1]) + s[1..];

    [GeneratedRegex(@"\b[A-Za-z0-9_]")]
    private static partial Regex TitleStart();

    public static string Title(string s) => TitleStart().Replace(s, m => m.Value.ToUpperInvariant());

    private static JFunction Fn(Func<List<JValue>, JValue> f) => new((args, _) => f(args));

    private static JValue? StringMember(string s, string name) => name switch
    {
        "upper" => Fn(_ => new JString(ToUpper(s))),
        "lower" => Fn(_ => new JString(JsText.ToLower(s))),
        "strip" => Fn(_ => new JString(JsText.Trim(s))),
        "rstrip" => Fn(_ => new JString(JsText.TrimEnd(s))),
        "lstrip" => Fn(_ => new JString(JsText.TrimStart(s))),
        "title" => Fn(_ => new JString(Title(s))),
        "capitalize" => Fn(_ => new JString(Capitalize(s))),
        "length" => new JInt(s.Length),
        "startswith" => Fn(args => JBool.Of(AffixMatch(s, args, "startswith", (a, b) => a.StartsWith(b, StringComparison.Ordinal)))),
        "endswith" => Fn(args => JBool.Of(AffixMatch(s, args, "endswith", (a, b) => a.EndsWith(b, StringComparison.Ordinal)))),
        "split" => Fn(args => Split(s, args)),
        "replace" => Fn(args => Replace(s, args)),
        _ => null,
    };

    private static bool AffixMatch(string s, List<JValue> args, string name, Func<string, string, bool> test)
    {
        if (args.Count == 0)
        {
            throw new ChatTemplateException($"{name}() requires at least one argument");
        }

        return args[0] switch
        {
            JString p => test(s, p.Value),
            JArray arr => arr.Items.Any(i => i is JString p ? test(s, p.Value) : throw new ChatTemplateException($"{name}() tuple elements must be strings")),
            _ => throw new ChatTemplateException($"{name}() argument must be a string or tuple of strings"),
        };
    }

    private static JArray Split(string s, List<JValue> args)
    {
        var sep = args.Count > 0 ? args[0] : JNull.Instance;
        var maxSplit = args.Count > 1 ? args[1] as JInt ?? throw new ChatTemplateException("maxsplit argument must be a number") : new JInt(-1);
        var result = new List<string>();
        if (sep is JNull)
        {
            var text = JsText.TrimStart(s);
            var i = 0;
            while (i < text.Length)
            {
                while (i < text.Length && JsText.IsWhiteSpace(text[i]))
                {
                    ++i;
                }

                if (i >= text.Length)
                {
                    break;
                }

                var start = i;
                while (i < text.Length && !JsText.IsWhiteSpace(text[i]))
                {
                    ++i;
                }

                if (maxSplit.Value != -1 && result.Count >= maxSplit.Value)
                {
                    result.Add(text[start..]);
                    break;
                }
                result.Add(text[start..i]);
            }
        }
        else if (sep is JString sepString)
        {
            if (sepString.Value.Length == 0)
            {
                throw new ChatTemplateException("empty separator");
            }

            result.AddRange(s.Split(sepString.Value));
            if (maxSplit.Value != -1 && result.Count > maxSplit.Value)
            {
                var tail = string.Join(sepString.Value, result.Skip((int)maxSplit.Value));
                result.RemoveRange((int)maxSplit.Value, result.Count - (int)maxSplit.Value);
                result.Add(tail);
            }
        }
        else
        {
            throw new ChatTemplateException("sep argument must be a string or null");
        }
        return new JArray(result.Select(p => (JValue)new JString(p)).ToList());
    }

    public static JString Replace(string s, List<JValue> args)
    {
        if (args.Count < 2)
        {
            throw new ChatTemplateException("replace() requires at least two arguments");
        }

        if (args[0] is not JString old || args[1] is not JString replacement)
        {
            throw new ChatTemplateException("replace() arguments must be strings");
        }

        JValue count = JNull.Instance;
        if (args.Count > 2)
        {
            count = args[2] is JKeywordArguments kw ? kw.Entries.GetValueOrDefault("count") ?? JNull.Instance : args[2];
        }

        if (count is not (JInt or JNull))
        {
            throw new ChatTemplateException("replace() count argument must be a number or null");
        }

        var remaining = count is JInt c ? (c.Value < 0 ? long.MaxValue : c.Value) : long.MaxValue;
        if (remaining == 0)
        {
            return new JString(s);
        }

        var sb = new StringBuilder();
        if (old.Value.Length == 0)
        {
            // An empty pattern matches between code points (and at both ends).
            var pieces = Interpreter.CodePoints(s);
            for (var i = 0; i <= pieces.Count; ++i)
            {
                if (remaining-- > 0)
                {
                    sb.Append(replacement.Value);
                }

                if (i < pieces.Count)
                {
                    sb.Append(pieces[i]);
                }
            }
            return new JString(sb.ToString());
        }
        var pos = 0;
        while (remaining > 0)
        {
            var at = s.IndexOf(old.Value, pos, StringComparison.Ordinal);
            if (at < 0)
            {
                break;
            }

            sb.Append(s, pos, at - pos).Append(replacement.Value);
            pos = at + old.Value.Length;
            --remaining;
        }
        return new JString(sb.Append(s, pos, s.Length - pos).ToString());
    }

    private static JFunction? ObjectMember(JObject o, string name) => name switch
    {
        "get" => Fn(args =>
        {
            if (args.Count == 0 || args[0] is not JString key)
            {
                throw new ChatTemplateException("Object key must be a string");
            }

            return o.Entries.TryGetValue(key.Value, out var v) ? v : args.Count > 1 ? args[1] : JNull.Instance;
        }),
        "items" => Fn(_ => Items(o)),
        "keys" => Fn(_ => new JArray(o.Entries.Keys.Select(k => (JValue)new JString(k)).ToList())),
        "values" => Fn(_ => new JArray(o.Entries.Values.ToList())),
        "dictsort" => Fn(args => DictSort(o, args)),
        _ => null,
    };

    public static JArray Items(JObject o) =>
        new(o.Entries.Select(kv => (JValue)new JArray([new JString(kv.Key), kv.Value])).ToList());

    private static JArray DictSort(JObject o, List<JValue> args)
    {
        var kwargs = args.OfType<JKeywordArguments>().LastOrDefault()?.Entries;
        var positional = args.Where(a => a is not JKeywordArguments).ToList();
        JValue Arg(int i, string name, JValue fallback) =>
            i < positional.Count ? positional[i] : kwargs?.GetValueOrDefault(name) ?? fallback;
        var caseSensitive = Arg(0, "case_sensitive", JBool.False) as JBool ?? throw new ChatTemplateException("case_sensitive must be a boolean");
        var by = Arg(1, "by", new JString("key")) as JString ?? throw new ChatTemplateException("by must be a string");
        if (by.Value is not ("key" or "value"))
        {
            throw new ChatTemplateException("by must be either 'key' or 'value'");
        }

        var reverse = Arg(2, "reverse", JBool.False) as JBool ?? throw new ChatTemplateException("reverse must be a boolean");
        var index = by.Value == "key" ? 0 : 1;
        var items = Items(o).Items.Cast<JArray>().ToList();
        var sorted = items.Order(Comparer<JArray>.Create((a, b) =>
        {
            var r = Compare.Order(a.Items[index], b.Items[index], caseSensitive.Value);
            return reverse.Value ? -r : r;
        })).Cast<JValue>().ToList();
        return new JArray(sorted);
    }
}
