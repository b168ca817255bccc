using System.Text;
using System.Text.Json;
using Taco.Agent.Constraints;
using Taco.Agent.Protocol;
using Taco.Tools;
using Taco.Tools.Calculate;

namespace Taco.Agent.Tests.Constraints;

public sealed class CotaGrammarTests
{
    /// <summary>The real Calculate and Terminate, and descriptors of the protocol's box, zoom and list actions.</summary>
    internal static readonly ToolDescriptor[] Actions =
    [
        new ToolDescriptor("OCR", "Extract texts.", [new ToolArgument("image", ToolArgumentType.Image, "the image")], [new ToolReturn("text", "string", "texts")]),
        new ToolDescriptor(
            "ZoomIn",
            "Crop and zoom.",
            [
                new ToolArgument("image", ToolArgumentType.Image, "the image"),
                new ToolArgument("bbox", ToolArgumentType.BBox, "the box"),
                new ToolArgument("zoom_factor", ToolArgumentType.Number, "factor") { Minimum = 1, ExclusiveMinimum = true },
            ],
            [new ToolReturn("image", "image", "zoomed")]),
        new ToolDescriptor(
            "LocalizeObjects",
            "Find objects.",
            [
                new ToolArgument("image", ToolArgumentType.Image, "the image"),
                new ToolArgument("objects", ToolArgumentType.Array, "labels") { ItemType = ToolArgumentType.String, MinItems = 1 },
            ],
            [new ToolReturn("regions", "list", "regions")]),
        new ToolDescriptor(
            "Count",
            "A test action with optional and integer arguments.",
            [
                new ToolArgument("limit", ToolArgumentType.Integer, "n") { Required = false },
                new ToolArgument("label", ToolArgumentType.String, "what"),
            ],
            [new ToolReturn("count", "int", "n")]),
        new CalculateTool().Descriptor,
        new TerminateTool().Descriptor,
    ];

    private static readonly CotaGrammar Grammar = new(Actions, imageCount: 2);

    [Theory]
    [InlineData("""{"thought":"I need the price.","actions":[{"name":"OCR","arguments":{"image":"image-0"}}]}""")]
    [InlineData("""{"thought": "divide", "actions": [{"name": "Calculate", "arguments": {"expression": "50 / 3.65"}}]}""")]
    [InlineData("""{"thought":"","actions":[{"name":"Terminate","arguments":{"answer":"13.7"}}]}""")]
    [InlineData("```json\n{\"thought\": \"zoom\", \"actions\": [{\"name\": \"ZoomIn\", \"arguments\": {\"bbox\": [0, 0.25, 1, 1.0], \"image\": \"image-1\", \"zoom_factor\": 2.5}}]}\n```")]
    [InlineData("""{"thought":"find","actions":[{"name":"LocalizeObjects","arguments":{"image":"image-0","objects":["car", "sign"]}}]}""")]
    [InlineData("""{"thought":"n","actions":[{"name":"Count","arguments":{"label":"cars","limit":-3}}]}""")]
    [InlineData("""{"thought":"n","actions":[{"name":"Count","arguments":{"label":"cars"}}]}""")]
    [InlineData("{\n  \"thought\": \"nothing to do \\\"here\\\" \\u00e9 é 😀\",\n  \"actions\": []\n}\n")]
    public void Well_formed_replies_are_accepted_and_parse(string reply)
    {
        Assert.True(Grammar.Matches(Encoding.UTF8.GetBytes(reply)), reply);
        Assert.False(CotaParser.Parse(reply).IsError);
    }

    [Theory]
    [InlineData("""{"thought":"","actions":[{"name":"Crop","arguments":{"image":"image-0"}}]}""", "an action that is not offered")]
    [InlineData("""{"thought":"","actions":[{"name":"OCR","arguments":{"image":"image-2"}}]}""", "an image that does not exist")]
    [InlineData("""{"thought":"","actions":[{"name":"OCR","arguments":{"image":"image-01"}}]}""", "a leading zero")]
    [InlineData("""{"thought":"","actions":[{"name":"OCR","arguments":{}}]}""", "a missing required argument")]
    [InlineData("""{"thought":"","actions":[{"name":"OCR","arguments":{"image":"image-0","image":"image-0"}}]}""", "an argument twice")]
    [InlineData("""{"thought":"","actions":[{"name":"OCR","arguments":{"img":"image-0"}}]}""", "an unknown argument")]
    [InlineData("""{"thought":"","actions":[{"name":"ZoomIn","arguments":{"image":"image-0","bbox":[0,0,1],"zoom_factor":2}}]}""", "a box of three numbers")]
    [InlineData("""{"thought":"","actions":[{"name":"ZoomIn","arguments":{"image":"image-0","bbox":[0,0,1,1.5],"zoom_factor":2}}]}""", "a box value above 1")]
    [InlineData("""{"thought":"","actions":[{"name":"ZoomIn","arguments":{"image":"image-0","bbox":"[0,0,1,1]","zoom_factor":2}}]}""", "a box written as a string")]
    [InlineData("""{"thought":"","actions":[{"name":"ZoomIn","arguments":{"image":"image-0","bbox":[0,0,1,1],"zoom_factor":"2"}}]}""", "a number written as a string")]
    [InlineData("""{"thought":"","actions":[{"name":"Count","arguments":{"label":"a","limit":2.5}}]}""", "a fraction for an integer")]
    [InlineData("""{"thought":"","actions":[{"name":"LocalizeObjects","arguments":{"image":"image-0","objects":[]}}]}""", "fewer items than the minimum")]
    [InlineData("""{'thought':'','actions':[]}""", "single quotes")]
    [InlineData("""{"actions":[],"thought":""}""", "keys out of order")]
    [InlineData("""{"thought":"","actions":[]} Done.""", "trailing prose")]
    [InlineData("```json\n{\"thought\":\"\",\"actions\":[]}", "an unclosed fence")]
    [InlineData("{\"thought\":\"a\nb\",\"actions\":[]}", "a raw newline in a string")]
    [InlineData("""{"thought":"\ud83d","actions":[]}""", "a surrogate escape")]
    public void Malformed_or_invalid_replies_are_rejected(string reply, string what)
    {
        Assert.False(Grammar.Matches(Encoding.UTF8.GetBytes(reply)), what);
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        byte[] reply = [.. "{\"thought\":\""u8, 0xC3, 0x28, .. "\",\"actions\":[]}"u8];
        Assert.False(Grammar.Matches(reply));
    }

    [Fact]
    public void A_prefix_of_a_reply_is_not_complete_and_its_minimum_is_the_shortest_ending()
    {
        var state = Grammar.Start;
        Assert.True(Grammar.Advance(ref state, """{"thought":"x","actions":[{"name":"Terminate","arguments":{"answer":"4"""u8));
        Assert.False(Grammar.IsAccepting(state));
        Assert.Equal("\"}}]}".Length, Grammar.MinBytesToComplete(state));
        Assert.True(Grammar.Advance(ref state, "\"}}]}"u8));
        Assert.True(Grammar.IsAccepting(state));
    }

    [Fact]
    public void Actions_that_need_an_image_are_not_offered_when_there_is_none()
    {
        var grammar = new CotaGrammar(Actions, imageCount: 0);
        Assert.False(grammar.Matches("""{"thought":"","actions":[{"name":"OCR","arguments":{"image":"image-0"}}]}"""u8));
        Assert.True(grammar.Matches("""{"thought":"","actions":[{"name":"Calculate","arguments":{"expression":"1+1"}}]}"""u8));
    }

    [Fact]
    public void Empty_actions_and_fences_can_be_turned_off()
    {
        var grammar = new CotaGrammar(Actions, 1, new CotaGrammarOptions { AllowEmptyActions = false, AllowFence = false });
        Assert.False(grammar.Matches("""{"thought":"","actions":[]}"""u8));
        Assert.False(grammar.Matches("```json{\"thought\":\"\",\"actions\":[{\"name\":\"Terminate\",\"arguments\":{\"answer\":\"a\"}}]}```"u8));
        Assert.True(grammar.Matches("""{"thought":"","actions":[{"name":"Terminate","arguments":{"answer":"a"}}]}"""u8));
    }

    [Fact]
    public void Thoughts_and_whitespace_are_capped()
    {
        var grammar = new CotaGrammar(Actions, 1, new CotaGrammarOptions { MaxThoughtBytes = 8, MaxWhitespace = 2 });
        Assert.True(grammar.Matches("""{"thought":"12345678","actions":[]}"""u8));
        Assert.False(grammar.Matches("""{"thought":"123456789","actions":[]}"""u8));
        Assert.True(grammar.Matches("{  \"thought\":\"\",\"actions\":[]}"u8));
        Assert.False(grammar.Matches("{   \"thought\":\"\",\"actions\":[]}"u8));
    }

    /// <summary>
    /// Random walks over every byte the grammar allows, ending as soon as the reply may end (or taking the
    /// shortest way out after a cap): each finished reply parses, names an offered action and an existing
    /// image, and its boxes are four numbers in 0–1. Along the way, the shortest-completion count is exact:
    /// some allowed byte always lowers it by one, which is what lets a token budget be kept.
    /// </summary>
    [Fact]
    public void Random_walks_finish_as_valid_replies_and_the_shortest_completion_is_always_reachable()
    {
        var random = new Random(1234);
        var grammar = new CotaGrammar(Actions, imageCount: 3, new CotaGrammarOptions { MaxThoughtBytes = 40, MaxStringBytes = 16 });
        var names = Actions.Select(a => a.Name).ToHashSet();
        var seen = new HashSet<string>();
        for (var walk = 0; walk < 200; walk++)
        {
            var state = grammar.Start;
            var bytes = new List<byte>();
            var budget = random.Next(60, 200);
            while (!grammar.IsAccepting(state) || (random.Next(4) == 0 && bytes.Count < budget))
            {
                var options = NextBytes(grammar, state, bytes);
                if (options.Count == 0)
                {
                    break;
                }

                // Within the budget, any byte whose shortest completion still fits; then only the shortening ones.
                var fitting = options.Where(o => o.Min <= budget - bytes.Count - 1).ToList();
                Assert.NotEmpty(fitting);
                var pick = fitting[random.Next(fitting.Count)];
                state = pick.Next;
                bytes.Add(pick.Byte);
            }

            Assert.True(bytes.Count <= budget, $"{bytes.Count} bytes for a budget of {budget}");
            var text = Encoding.UTF8.GetString(bytes.ToArray());
            var reply = CotaParser.Parse(text);
            Assert.False(reply.IsError, $"{reply.ErrorMessage}: {text}");
            if (reply.Action is not { } action)
            {
                continue;
            }

            Assert.Contains(action.Name, names);
            seen.Add(action.Name);
            foreach (var argument in action.Arguments.EnumerateObject())
            {
                if (argument.Name == "image")
                {
                    Assert.True(ImageRef.TryParse(argument.Value.GetString(), out var image) && image.Index < 3, text);
                }
                else if (argument.Name == "bbox")
                {
                    Assert.Equal(4, argument.Value.GetArrayLength());
                    Assert.All(argument.Value.EnumerateArray(), v => Assert.InRange(v.GetDouble(), 0, 1));
                }
            }

            var required = Actions.Single(a => a.Name == action.Name).Arguments.Where(a => a.Required).Select(a => a.Name);
            Assert.All(required, r => Assert.True(action.Arguments.TryGetProperty(r, out _), $"{r} missing: {text}"));
        }

        Assert.True(seen.Count >= 4, $"the walks reached only {string.Join(", ", seen)}");
    }

    /// <summary>
    /// Every byte the grammar allows after <paramref name="bytes"/>, with the state and shortest completion after it;
    /// asserts that the shortest completion is exact (some byte lowers it by one, none by more) and that a state
    /// with no byte left is a complete reply.
    /// </summary>
    internal static List<(byte Byte, CotaGrammarState Next, int Min)> NextBytes(CotaGrammar grammar, CotaGrammarState state, List<byte> bytes)
    {
        var min = grammar.MinBytesToComplete(state);
        var options = new List<(byte Byte, CotaGrammarState Next, int Min)>();
        for (var b = 0; b < 256; b++)
        {
            var next = state;
            if (grammar.Advance(ref next, (byte)b))
            {
                options.Add(((byte)b, next, grammar.MinBytesToComplete(next)));
            }
        }

        if (options.Count == 0)
        {
            Assert.True(grammar.IsAccepting(state), $"stuck after {Show(bytes)}");
            return options;
        }

        Assert.True(min == 0 || options.Any(o => o.Min == min - 1), $"no byte shortens {min} after {Show(bytes)}");
        Assert.All(options, o => Assert.True(o.Min >= min - 1, $"'{(char)o.Byte}' jumps from {min} to {o.Min} after {Show(bytes)}"));
        return options;
    }

    private static string Show(List<byte> bytes) => JsonSerializer.Serialize(Encoding.UTF8.GetString(bytes.ToArray()));
}
