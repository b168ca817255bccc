using Taco.Agent.Protocol;
using Taco.Agent.Runs;
using Taco.Agent.Tests.Goldens;
using Taco.Agent.Tests.Runs;
using Taco.Tests.Shared;
using Taco.Tools;
using Taco.Tools.Calculate;
using Taco.Tools.Ocr;
using Taco.Tools.Ocr.Tesseract;

namespace Taco.Agent.Tests.Protocol;

/// <summary>
/// The taco profile's transcript — the reference runtime's flattening of the conversation for a local TACO
/// checkpoint — at steps one, two and three of a real run, against goldens CPython wrote from the reference's rule.
/// </summary>
public sealed class TranscriptGoldenTests
{
    private const string CalculateReply = "{\"thought\": \"Supreme costs $3.65 per gallon, so I divide $50 by $3.65.\", \"actions\": [{\"name\": \"Calculate\", \"arguments\": {\"expression\": \"50 / 3.65\"}}]}";

    [Fact]
    public async Task Each_step_sends_the_system_message_then_every_turn_flattened_then_the_assistant_tail()
    {
        var model = new ScriptedActionModel(
            CalculateReply,
            "{\"thought\": \"About 13.7 gallons.\", \"actions\": []}",
            "{\"thought\": \"\", \"actions\": [{\"name\": \"Terminate\", \"arguments\": {\"answer\": \"13.7\"}}]}");
        var tools = new ToolRegistry().Add(new CalculateTool()).Add(new OcrTool(TesseractOcrEngine.Shared()));
        var outcome = await new CotaAgent(model, tools).RunAsync([Fixtures.Gradient()], "How many gallons of supreme gasoline can I get with $50?");

        Assert.Equal(AgentExitReason.Answered, outcome.ExitReason);
        Assert.Equal(3, model.Requests.Count);
        Assert.All(model.Requests, r => Assert.Equal(ModelInput.Transcript, r.Input));
        Golden.AssertMatches("short-prompt-ocr-calculate.txt", model.Requests[0].SystemPrompt!);
        for (var step = 1; step <= 3; step++)
        {
            var request = model.Requests[step - 1];
            Golden.AssertMatches($"taco-transcript-step-{step}.txt", TacoTranscript.Render(request.SystemPrompt, request.Messages));
        }

        // Step to step the transcript only grows, up to the tail that the next step replaces.
        var first = TacoTranscript.Render(model.Requests[0].SystemPrompt, model.Requests[0].Messages);
        var second = TacoTranscript.Render(model.Requests[1].SystemPrompt, model.Requests[1].Messages);
        Assert.StartsWith(first[..^TacoTranscript.Tail.Length], second, StringComparison.Ordinal);
        Assert.Equal(outcome.SystemPrompt, model.Requests[0].SystemPrompt);
    }

    [Fact]
    public async Task Chat_native_profiles_send_no_system_message_and_chat_turns()
    {
        var model = new ScriptedActionModel("{\"thought\": \"\", \"actions\": [{\"name\": \"Terminate\", \"arguments\": {\"answer\": \"1\"}}]}");
        var options = new AgentOptions { Profile = ProtocolProfile.TacoTiny };
        await new CotaAgent(model, new ToolRegistry().Add(new CalculateTool()), options).RunAsync([Fixtures.Gradient()], "How many?");

        Assert.Null(model.Requests[0].SystemPrompt);
        Assert.Equal(ModelInput.ChatTurns, model.Requests[0].Input);
        Assert.StartsWith(TacoStrings.ShortGoalStart, model.Requests[0].Messages[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("How many?\nNow please generate your response:\n", model.Requests[0].Messages[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  {\"thought\": \"\", \"actions\": []}\n", "{\"thought\": \"\", \"actions\": []}")]
    [InlineData("###Assistant: {\"actions\": []}", "{\"actions\": []}")]
    [InlineData("Human: hi\nAssistant:  {\"a\": 1} ", "{\"a\": 1}")]
    [InlineData("no marker", "no marker")]
    public void Replies_are_stripped_and_cut_after_the_last_assistant_marker(string reply, string kept) =>
        Assert.Equal(kept, TacoTranscript.CleanReply(reply));
}
