using System.Collections.Immutable;
using Taco.Tools.Values;

namespace Taco.Tools.Tests.Values;

public sealed class PythonReprTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", "\"it's\"")]
    [InlineData("both ' and \"", "'both \\' and \"'")]
    [InlineData("tab\there\nnew", "'tab\\there\\nnew'")]
    [InlineData("back\\slash", "'back\\\\slash'")]
    [InlineData("\u0001\u007f", "'\\x01\\x7f'")]
    [InlineData("café €5", "'café €5'")]
    [InlineData("\u00a0", "'\\xa0'")]
    [InlineData("\u200b", "'\\u200b'")]
    public void Strings_render_like_python_str_repr(string value, string expected) =>
        Assert.Equal(expected, ToolValue.Of(value).ToPythonRepr());

    [Theory]
    [InlineData(13.698630136986301, "13.698630136986301")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-7, "1.5e-07")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(3.0, "3.0")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(double.NaN, "nan")]
    [InlineData(-0.0, "-0.0")]
    public void Floats_render_like_python_float_repr(double value, string expected) =>
        Assert.Equal(expected, PythonFloat.Repr(value));

    [Fact]
    public void Dicts_list_keys_alphabetically_with_python_literals()
    {
        var dict = new ToolDict(new Dictionary<string, ToolValue>
        {
            ["text"] = ToolValue.Of("Supreme 3.65"),
            ["bbox"] = new ToolList([ToolValue.Of(0.1), ToolValue.Of(0.25)]),
            ["found"] = ToolValue.Of(true),
            ["none"] = ToolValue.None,
            ["count"] = ToolValue.Of(3),
            ["image"] = new ToolImage(new ImageRef(3)),
        });
        Assert.Equal(
            "{'bbox': [0.1, 0.25], 'count': 3, 'found': True, 'image': 'image-3: <image>', 'none': None, 'text': 'Supreme 3.65'}",
            dict.ToPythonRepr());
    }

    [Fact]
    public void Equal_dicts_compare_equal_by_content()
    {
        var a = ToolDict.Empty.With("x", new ToolList(ImmutableArray.Create<ToolValue>(ToolValue.Of(1))));
        var b = ToolDict.Empty.With("x", new ToolList(ImmutableArray.Create<ToolValue>(ToolValue.Of(1))));
        Assert.Equal(a, b);
        Assert.NotEqual(a, b.With("y", ToolValue.None));
    }
}
