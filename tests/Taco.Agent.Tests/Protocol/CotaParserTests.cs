using System.Text.Json;
using Taco.Agent.Protocol;

namespace Taco.Agent.Tests.Protocol;

public sealed class CotaParserTests
{
    [Fact]
    public void Parser_accepts_fenced_json()
    {
        var reply = CotaParser.Parse("Sure!\n```json\n{\"thought\": \"t\", \"actions\": [{\"name\": \"OCR\", \"arguments\": {\"image\": \"image-0\"}}]}\n```\nDone.");
        Assert.False(reply.IsError);
        Assert.Equal("t", reply.Thought);
        Assert.Equal("OCR", reply.Action!.Name);
        Assert.Equal("image-0", reply.Action.Arguments.GetProperty("image").GetString());
    }

    [Fact]
    public void Parser_takes_the_outermost_braces_and_ignores_surrounding_prose()
    {
        var reply = CotaParser.Parse("I think {\"thought\": \"a {nested} brace\", \"actions\": [{\"name\": \"Calculate\", \"arguments\": {\"expression\": \"1+1\"}}]}. Bye");
        Assert.Equal("Calculate", reply.Action!.Name);
        Assert.Equal("a {nested} brace", reply.Thought);
    }

    [Fact]
    public void Only_the_first_action_is_taken()
    {
        var reply = CotaParser.Parse("{\"thought\": \"\", \"actions\": [{\"name\": \"OCR\", \"arguments\": {\"image\": \"image-0\"}}, {\"name\": \"Terminate\", \"arguments\": {\"answer\": \"x\"}}]}");
        Assert.Equal("OCR", reply.Action!.Name);
        Assert.Equal(2, reply.ActionCount);
    }

    [Fact]
    public void Empty_actions_are_not_an_error()
    {
        var reply = CotaParser.Parse("{\"thought\": \"nothing to do\", \"actions\": []}");
        Assert.False(reply.IsError);
        Assert.True(reply.HasNoAction);
    }

    [Theory]
    [InlineData("no json at all", "Expecting value: line 1 column 1 (char 0)")]
    [InlineData("{\"thought\": \"x\" \"actions\": []}", "Expecting ',' delimiter: line 1 column 17 (char 16)")]
    [InlineData("{'thought': 'x', 'actions': []}", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)")]
    [InlineData("{\"thought\": \"x\", \"actions\": [],}", "Expecting property name enclosed in double quotes: line 1 column 32 (char 31)")]
    public void Json_errors_are_reported_with_json_loads_text(string text, string message)
    {
        var reply = CotaParser.Parse(text);
        Assert.Equal(CotaParseErrorKind.Json, reply.ErrorKind);
        Assert.Equal(message, reply.ErrorMessage);
    }

    [Theory]
    [InlineData("{\"thought\": \"x\"}", "The key \"actions\" is missing.")]
    [InlineData("{\"actions\": {\"name\": \"OCR\"}}", "\"actions\" must be a list of actions.")]
    [InlineData("{\"actions\": [\"OCR\"]}", "Each action must be an object with \"name\" and \"arguments\".")]
    [InlineData("{\"actions\": [{\"arguments\": {}}]}", "The action has no \"name\".")]
    [InlineData("{\"actions\": [{\"name\": 3, \"arguments\": {}}]}", "The action's \"name\" must be a string.")]
    [InlineData("{\"actions\": [{\"name\": \"OCR\"}]}", "The action has no \"arguments\".")]
    [InlineData("{\"actions\": [{\"name\": \"OCR\", \"arguments\": \"image-0\"}]}", "The action's \"arguments\" must be an object.")]
    public void Shape_errors_say_what_is_wrong(string text, string start)
    {
        var reply = CotaParser.Parse(text);
        Assert.Equal(CotaParseErrorKind.Other, reply.ErrorKind);
        Assert.StartsWith(start, reply.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Python_only_literals_reach_validation_as_names_not_crashes()
    {
        var reply = CotaParser.Parse("{\"actions\": [{\"name\": \"ZoomIn\", \"arguments\": {\"zoom_factor\": NaN, \"big\": 123456789012345678901234567890}}]}");
        Assert.False(reply.IsError);
        Assert.Equal("NaN", reply.Action!.Arguments.GetProperty("zoom_factor").GetString());
        Assert.Equal(JsonValueKind.Number, reply.Action.Arguments.GetProperty("big").ValueKind);
    }

    [Fact]
    public void Canonical_arguments_ignore_key_order_and_spacing()
    {
        var a = CotaParser.Parse("{\"actions\": [{\"name\": \"X\", \"arguments\": {\"b\": 1, \"a\": [1, 2]}}]}").Action!;
        var b = CotaParser.Parse("{\"actions\":[{\"name\":\"X\",\"arguments\":{\"a\":[1,2],\"b\":1}}]}").Action!;
        Assert.Equal(a.CanonicalArguments, b.CanonicalArguments);
    }

    [Fact]
    public void Runaway_nesting_is_an_error_not_a_stack_overflow()
    {
        var reply = CotaParser.Parse("{\"actions\": " + new string('[', 200_000) + "}");
        Assert.Equal(CotaParseErrorKind.Other, reply.ErrorKind);
        Assert.Equal("maximum recursion depth exceeded while decoding a JSON array from a unicode string", reply.ErrorMessage);
    }
}
