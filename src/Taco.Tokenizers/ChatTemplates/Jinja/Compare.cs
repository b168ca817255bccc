using System.Globalization;

namespace Taco.Tokenizers.ChatTemplates.Jinja;

/// <summary>Equality and ordering as the reference computes them on the underlying JavaScript values.</summary>
internal static class Compare
{
    public static bool IsNumericLike(JValue v) => v is JInt or JFloat or JBool;

    public static double Numeric(JValue v) => v switch
    {
        JInt i => i.Value,
        JFloat f => f.Value,
        JBool b => b.Value ? 1 : 0,
        _ => double.NaN,
    };

    /// <summary>JavaScript ===: primitives by value, containers by identity.</summary>
    public static bool StrictEquals(JValue a, JValue b) => (a, b) switch
    {
        (JInt or JFloat, JInt or JFloat) => Numeric(a) == Numeric(b),
        (JString x, JString y) => x.Value == y.Value,
        (JBool x, JBool y) => x.Value == y.Value,
        (JNull, JNull) or (JUndefined, JUndefined) => true,
        _ => ReferenceEquals(a, b),
    };

    /// <summary>JavaScript ==, which the reference uses for Jinja's == and !=.</summary>
    public static bool LooseEquals(JValue a, JValue b)
    {
        if (a is JNull or JUndefined || b is JNull or JUndefined)
        {
            return a is JNull or JUndefined && b is JNull or JUndefined;
        }

        if (a is JBool)
        {
            return LooseEquals(new JFloat(Numeric(a)), b);
        }

        if (b is JBool)
        {
            return LooseEquals(a, new JFloat(Numeric(b)));
        }

        if (a is JInt or JFloat && b is JString bs)
        {
            return Numeric(a) == ToNumber(bs.Value);
        }

        if (a is JString @as && b is JInt or JFloat)
        {
            return ToNumber(@as.Value) == Numeric(b);
        }

        return StrictEquals(a, b);
    }

    private static double ToNumber(string s)
    {
        var t = Text.JsText.Trim(s);
        if (t.Length == 0)
        {
            return 0;
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN;
    }

    /// <summary>Ordering for sort/dictsort: numbers numerically, strings by UTF-16 units (optionally case-folded).</summary>
    public static int Order(JValue a, JValue b, bool caseSensitive)
    {
        if (a is JNull && b is JNull || a is JUndefined && b is JUndefined)
        {
            return 0;
        }

        if (a is JNull or JUndefined || b is JNull or JUndefined)
        {
            throw new ChatTemplateException($"Cannot compare {Interpreter.TypeName(a)} with {Interpreter.TypeName(b)}");
        }

        if (IsNumericLike(a) && IsNumericLike(b))
        {
            return Numeric(a).CompareTo(Numeric(b));
        }

        if (a is JString x && b is JString y)
        {
            var (l, r) = caseSensitive ? (x.Value, y.Value) : (Text.JsText.ToLower(x.Value), Text.JsText.ToLower(y.Value));
            return Math.Sign(string.CompareOrdinal(l, r));
        }
        throw new ChatTemplateException($"Cannot compare different types: {Interpreter.TypeName(a)} and {Interpreter.TypeName(b)}");
    }
}
