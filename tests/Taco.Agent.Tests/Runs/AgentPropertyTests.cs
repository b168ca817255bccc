using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Taco.Agent.Protocol;
using Taco.Agent.Runs;
using Taco.Tests.Shared;
using Taco.Tools;
using Taco.Tools.Calculate;

namespace Taco.Agent.Tests.Runs;

/// <summary>Model output is untrusted data: whatever it is, parser and loop end in a defined state.</summary>
public sealed class AgentPropertyTests
{
    [Fact]
    public void Random_character_soup_never_throws_from_the_parser()
    {
        var alphabet = "{}[]\":,'` \n\tjsonactionsnamearguments0123456789.-eE\\uNaInfinitytruefalsenull\u00e9😀".ToCharArray();
        var gen = Gen.ArrayOf(Gen.Elements(alphabet)).Select(cs => new string(cs));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000).WithEndSize(120), Prop.ForAll(Arb.From(gen), text =>
        {
            var reply = CotaParser.Parse(text);
            return reply.IsError ? reply.ErrorMessage!.Length > 0 : reply.Action is not null || reply.HasNoAction;
        }));
    }

    [Fact]
    public void Near_valid_cota_turns_always_end_the_loop_with_a_defined_outcome()
    {
        var turns = Gen.ArrayOf(TurnGen()).Where(t => t.Length > 0).Select(t => t.Take(6).ToArray());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(150), Prop.ForAll(Arb.From(turns), script =>
        {
            var model = new ScriptedActionModel(script) { RepeatLast = true };
            var tools = new ToolRegistry().Add(new CalculateTool());
            var outcome = new CotaAgent(model, tools, new AgentOptions { MaxReplies = 6 })
                .RunAsync([Fixtures.Gradient()], "?").GetAwaiter().GetResult();
            var defined = outcome.ExitReason is AgentExitReason.Answered or AgentExitReason.MaxReplies or AgentExitReason.Stalled;
            var fed = outcome.Steps.Where(s => s.Observation is not null).All(s =>
                s.Observation!.StartsWith(TacoStrings.ObservationPrefix, StringComparison.Ordinal) ||
                s.Observation.StartsWith("Execution failed with <class '", StringComparison.Ordinal));
            return defined && fed && (outcome.ExitReason != AgentExitReason.Answered || outcome.Answer is not null);
        }));
    }

    private static Gen<string> TurnGen()
    {
        var names = Gen.Elements("Calculate", "Terminate", "OCR", "Crop", "calculate", "", "Terminate ");
        var keys = Gen.Elements("expression", "answer", "image", "bbox", "expr", "");
        var values = Gen.OneOf(
            Gen.Elements("\"1 + 2\"", "\"50 / 3.65\"", "\"1 / 0\"", "\"2 ** 10000\"", "\"image-0\"", "\"image-9\"", "\"\"", "\"13.7\""),
            Gen.Choose(-5, 5000).Select(i => i.ToString(CultureInfo.InvariantCulture)),
            Gen.Elements("null", "true", "[0.1, 0.2, 0.5, 0.6]", "[1, 2]", "{}", "{\"a\": 1}", "NaN", "1e400", "-0.0"));
        var argument = keys.SelectMany(k => values.Select(v => $"\"{k}\": {v}"));
        var arguments = Gen.ListOf(argument).Select(a => "{" + string.Join(", ", a.Take(3)) + "}");
        var action = names.SelectMany(n => arguments.Select(a => $"{{\"name\": \"{n}\", \"arguments\": {a}}}"));
        var wellFormed = action.Select(a => $"{{\"thought\": \"t\", \"actions\": [{a}]}}");
        return Gen.OneOf(
            wellFormed,
            wellFormed.Select(t => "```json\n" + t + "\n```"),
            wellFormed.Select(t => t[..^2]),
            wellFormed.Select(t => t.Replace('"', '\'')),
            Gen.Constant("{\"thought\": \"\", \"actions\": []}"),
            Gen.Constant("{\"actions\": [{\"name\": \"Calculate\"}]}"));
    }
}
