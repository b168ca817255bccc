using Microsoft.Extensions.Time.Testing;
using Taco.Agent.Caching;
using Taco.Agent.Models;
using Taco.Agent.Protocol;
using Taco.Agent.Runs;
using Taco.Agent.Tests.Doubles;
using Taco.Agent.Tests.Goldens;
using Taco.Tests.Shared;
using Taco.Tools;
using Taco.Tools.Calculate;
using Taco.Tools.Ocr;
using Taco.Tools.Ocr.Tesseract;

namespace Taco.Agent.Tests.Runs;

/// <summary>The loop over the real parser and real tools, with the model's words scripted.</summary>
public sealed class AgentLoopTests
{
    private const string GasQuestion = "How many gallons of supreme gasoline can I get with $50?";

    private static string Act(string name, string argumentsJson, string thought = "") =>
        $"{{\"thought\": \"{thought}\", \"actions\": [{{\"name\": \"{name}\", \"arguments\": {argumentsJson}}}]}}";

    private static ToolRegistry Tools() => new ToolRegistry().Add(new CalculateTool()).Add(new OcrTool(TesseractOcrEngine.Shared()));

    [Fact]
    public async Task Gas_station_trace_runs_to_the_answer_with_the_python_float_observation()
    {
        var model = new ScriptedActionModel(
            Act("Calculate", "{\"expression\": \"50 / 3.65\"}", "Supreme costs $3.65 per gallon, so I divide $50 by $3.65."),
            Act("Terminate", "{\"answer\": \"13.7\"}", "I can get approximately 13.7 gallons."));
        var outcome = await new CotaAgent(model, Tools()).RunAsync([Fixtures.Gradient()], GasQuestion);

        Assert.Equal(AgentExitReason.Answered, outcome.ExitReason);
        Assert.Equal("13.7", outcome.Answer);
        Assert.False(outcome.AnswerFromFallback);
        Assert.Equal([AgentStepKind.Action, AgentStepKind.Answer], outcome.Steps.Select(s => s.Kind));

        // What the model saw, turn by turn.
        Golden.AssertMatches("first-turn-gas-station.txt", model.Requests[0].Messages[0].Text);
        Assert.Equal([new ImageRef(0)], model.Requests[0].Messages[0].Images.ToArray());
        Golden.AssertMatches("observation-calculate.txt", model.Requests[1].Messages[^1].Text);
        Assert.Contains("{'result': 13.698630136986301}", outcome.Steps[0].Observation, StringComparison.Ordinal);
        Assert.Equal(4, outcome.Messages.Length);
    }

    [Fact]
    public async Task Ocr_on_a_rendered_price_board_feeds_the_text_and_hides_regions()
    {
        var model = new ScriptedActionModel(
            Act("OCR", "{\"image\": \"image-0\"}", "I need the espresso price."),
            Act("Calculate", "{\"expression\": \"20 / 6.01\"}"),
            Act("Terminate", "{\"answer\": \"3\"}"));
        var outcome = await new CotaAgent(model, Tools()).RunAsync([Fixtures.PriceBoard()], "How many espressos can I buy with $20?");

        Assert.Equal(AgentExitReason.Answered, outcome.ExitReason);
        var ocr = outcome.Steps[0];
        Assert.StartsWith("OBSERVATION:\n{'text': '", ocr.Observation, StringComparison.Ordinal);
        Assert.Contains("Espresso 6.01", ocr.Observation, StringComparison.Ordinal);
        Assert.DoesNotContain("regions", ocr.Observation, StringComparison.Ordinal);

        // The trace keeps what the model was not shown.
        Assert.Contains("'regions': [{", ocr.ToolResultRepr, StringComparison.Ordinal);
        Assert.Contains("{'result': 3.327787021630616}", outcome.Steps[1].Observation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_errors_are_fed_back_and_the_model_can_recover()
    {
        var model = new ScriptedActionModel(
            "{'thought': 'single quotes', 'actions': []}",
            "{\"thought\": \"no actions key\"}",
            Act("Terminate", "{\"answer\": \"ok\"}"));
        var outcome = await new CotaAgent(model, Tools()).RunAsync([], "Say ok.");

        Assert.Equal(AgentExitReason.Answered, outcome.ExitReason);
        Golden.AssertMatches("parse-error-json-single-quotes.txt", model.Requests[1].Messages[^1].Text);
        Assert.EndsWith(TacoStrings.OtherErrorFeedback, model.Requests[2].Messages[^1].Text, StringComparison.Ordinal);
        Assert.Equal([AgentStepKind.ParseError, AgentStepKind.ParseError, AgentStepKind.Answer], outcome.Steps.Select(s => s.Kind));
        Assert.Equal(CotaParseErrorKind.Json, outcome.Steps[0].ParseErrorKind);
        Assert.Equal(CotaParseErrorKind.Other, outcome.Steps[1].ParseErrorKind);
    }

    [Fact]
    public async Task Unknown_actions_and_bad_arguments_become_value_error_observations()
    {
        var model = new ScriptedActionModel(
            Act("DetectFaces", "{\"image\": \"image-0\"}"),
            Act("OCR", "{\"image\": \"image-7\"}"),
            Act("Calculate", "{\"expr\": \"1+1\"}"),
            Act("Calculate", "{\"expression\": [1, 2]}"),
            Act("Terminate", "{}"),
            Act("Terminate", "{\"answer\": \"done\"}"));
        var outcome = await new CotaAgent(model, Tools()).RunAsync([Fixtures.Gradient()], "Anything?");

        Assert.Equal(AgentExitReason.Answered, outcome.ExitReason);
        var feedback = outcome.Steps.Take(5).Select(s => s.Observation!).ToList();
        Assert.All(feedback, f => Assert.StartsWith("Execution failed with <class 'ValueError'>: ", f, StringComparison.Ordinal));
        Assert.All(feedback, f => Assert.EndsWith(TacoStrings.ObservationSuffix, f, StringComparison.Ordinal));
        Assert.Contains("Unknown action 'DetectFaces'; the available actions are OCR, Calculate, Terminate.", feedback[0], StringComparison.Ordinal);
        Assert.Contains("image-7 does not exist; the only image is image-0.", feedback[1], StringComparison.Ordinal);
        Assert.Contains("unexpected argument 'expr'", feedback[2], StringComparison.Ordinal);
        Assert.Contains("Argument 'expression' must be a string, got a list.", feedback[3], StringComparison.Ordinal);
        Assert.Contains("Terminate is missing the required argument 'answer'.", feedback[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tool_failures_read_like_python_exceptions()
    {
        var model = new ScriptedActionModel(Act("Calculate", "{\"expression\": \"1 / 0\"}"), Act("Terminate", "{\"answer\": \"undefined\"}"));
        var outcome = await new CotaAgent(model, Tools()).RunAsync([], "What is 1/0?");

        Golden.AssertMatches("observation-failure-zero-division.txt", outcome.Steps[0].Observation!);
        Assert.Equal("ZeroDivisionError", outcome.Steps[0].ToolErrorType);
        Assert.Equal("undefined", outcome.Answer);
    }

    [Fact]
    public async Task Empty_actions_get_the_no_action_observation()
    {
        var model = new ScriptedActionModel("{\"thought\": \"thinking\", \"actions\": []}", Act("Terminate", "{\"answer\": \"4\"}"));
        var outcome = await new CotaAgent(model, Tools()).RunAsync([], "2+2?");

        Assert.Equal(AgentStepKind.NoAction, outcome.Steps[0].Kind);
        Golden.AssertMatches("observation-no-action.txt", model.Requests[1].Messages[^1].Text);
        Assert.Equal("4", outcome.Answer);
    }

    [Fact]
    public async Task Max_replies_end_the_run_and_the_fallback_regex_takes_the_last_answer()
    {
        var replies = Enumerable.Range(0, 10)
            .Select(i => $"{{\"thought\": \"maybe \\\"answer\\\": \\\"no\\\"\", \"actions\": [{{\"name\": \"Calculate\", \"arguments\": {{\"expression\": \"{i} + 1\"}}}}], \"answer\": \"{i + 1}\"}}")
            .ToArray();
        var model = new ScriptedActionModel(replies);
        var outcome = await new CotaAgent(model, Tools()).RunAsync([], "Count.");

        Assert.Equal(AgentExitReason.MaxReplies, outcome.ExitReason);
        Assert.Equal(10, outcome.Steps.Length);
        Assert.Equal(10, model.Requests.Count);
        Assert.Equal("10", outcome.Answer);
        Assert.True(outcome.AnswerFromFallback);
    }

    [Fact]
    public async Task A_full_context_ends_the_run_at_once_instead_of_asking_for_empty_replies()
    {
        // The recorded model (src, not a double) plays back whole replies, as replay does: a complete
        // action, then a reply cut off because the context window filled up, then one that must never be asked for.
        var model = new RecordedActionModel(
        [
            new ActionModelReply("{\"thought\": \"the answer is 42\", \"actions\": [{\"name\": \"Calculate\", \"arguments\": {\"expression\": \"6*7\"}}], \"answer\": \"42\"}"),
            new ActionModelReply("{\"thought\": \"then") { Truncated = true, ContextFull = true },
            new ActionModelReply(Act("Terminate", "{\"answer\": \"never asked\"}")),
        ]);
        var outcome = await new CotaAgent(model, Tools()).RunAsync([], "What is 6*7?");

        Assert.Equal(AgentExitReason.ContextFull, outcome.ExitReason);
        Assert.Equal([AgentStepKind.Action, AgentStepKind.ParseError], outcome.Steps.Select(s => s.Kind));
        Assert.True(outcome.Steps[1].ContextFull);
        Assert.True(outcome.Steps[1].Truncated);
        Assert.Null(outcome.Steps[0].ContextFull);
        // The reference's fallback still reads an answer from what the model wrote.
        Assert.Equal("42", outcome.Answer);
        Assert.True(outcome.AnswerFromFallback);
    }

    [Fact]
    public async Task Max_replies_without_any_answer_text_give_no_answer()
    {
        var model = new ScriptedActionModel("{\"thought\": \"hm\", \"actions\": []}") { RepeatLast = true };
        var outcome = await new CotaAgent(model, Tools(), new AgentOptions { MaxReplies = 3 }).RunAsync([], "?");

        Assert.Equal(AgentExitReason.MaxReplies, outcome.ExitReason);
        Assert.Null(outcome.Answer);
        Assert.Equal(3, model.Requests.Count);
    }

    [Fact]
    public async Task The_same_action_three_times_in_a_row_stalls_without_running_the_third()
    {
        var model = new ScriptedActionModel(
            Act("Calculate", "{\"expression\": \"2 * 3\"}"),
            Act("Calculate", "{\"expression\":\"2 * 3\"}"),
            "{\"thought\": \"again\", \"answer\": \"6\", \"actions\": [{\"name\": \"Calculate\", \"arguments\": { \"expression\" : \"2 * 3\" }}]}");
        var outcome = await new CotaAgent(model, Tools()).RunAsync([], "2*3?");

        Assert.Equal(AgentExitReason.Stalled, outcome.ExitReason);
        Assert.Equal([AgentStepKind.Action, AgentStepKind.Action, AgentStepKind.Stalled], outcome.Steps.Select(s => s.Kind));
        Assert.Null(outcome.Steps[2].Observation);
        Assert.Equal("6", outcome.Answer);
        Assert.True(outcome.AnswerFromFallback);
    }

    [Fact]
    public async Task Different_arguments_in_between_reset_stall_detection()
    {
        var model = new ScriptedActionModel(
            Act("Calculate", "{\"expression\": \"1\"}"),
            Act("Calculate", "{\"expression\": \"1\"}"),
            Act("Calculate", "{\"expression\": \"2\"}"),
            Act("Calculate", "{\"expression\": \"1\"}"),
            Act("Terminate", "{\"answer\": \"1\"}"));
        var outcome = await new CotaAgent(model, Tools()).RunAsync([], "?");
        Assert.Equal(AgentExitReason.Answered, outcome.ExitReason);
    }

    [Fact]
    public async Task A_hanging_tool_times_out_into_an_observation_and_the_run_goes_on()
    {
        // The tool blocks until the run is over, so only the timeout can end its step; the clock is the
        // test's, so the timeout fires when the test advances it, not when a timer races the tool.
        using var tool = new BlockingToolDouble();
        var tools = new ToolRegistry().Add(tool);
        var model = new ScriptedActionModel(Act("GetObjects", "{\"image\": \"image-0\"}"), Act("Terminate", "{\"answer\": \"unknown\"}"));
        var clock = new FakeTimeProvider();
        var options = new AgentOptions { ToolTimeout = TimeSpan.FromSeconds(30), TimeProvider = clock };
        var run = new CotaAgent(model, tools, options).RunAsync([Fixtures.Gradient()], "What objects?");
        await tool.Entered;

        clock.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        Assert.False(run.IsCompleted); // not a tick early
        clock.Advance(TimeSpan.FromTicks(1));
        var outcome = await run;

        Assert.Equal(AgentExitReason.Answered, outcome.ExitReason);
        Assert.Equal("Execution failed with <class 'TimeoutError'>: GetObjects did not finish within 30 seconds." + TacoStrings.ObservationSuffix, outcome.Steps[0].Observation);
        Assert.Equal(30_000, outcome.Steps[0].ToolMilliseconds);
        Assert.False(tool.Returned);
    }

    [Fact]
    public async Task The_time_budget_stops_a_slow_model()
    {
        // The model never replies (its gate stays shut), so only the budget can end the run, when the test's clock reaches it.
        var model = new ScriptedActionModel(Act("Terminate", "{\"answer\": \"late\"}")) { Gate = new TaskCompletionSource().Task };
        var clock = new FakeTimeProvider();
        var run = new CotaAgent(model, Tools(), new AgentOptions { TimeBudget = TimeSpan.FromSeconds(20), TimeProvider = clock }).RunAsync([], "?");
        await model.Entered;

        clock.Advance(TimeSpan.FromSeconds(20) - TimeSpan.FromTicks(1));
        Assert.False(run.IsCompleted); // not a tick early
        clock.Advance(TimeSpan.FromTicks(1));
        var outcome = await run;

        Assert.Equal(AgentExitReason.TimedOut, outcome.ExitReason);
        Assert.Null(outcome.Answer);
        Assert.Equal(20_000, outcome.ElapsedMilliseconds);
    }

    [Fact]
    public async Task Cancellation_stops_a_running_step_promptly()
    {
        var model = new ScriptedActionModel(Act("Terminate", "{\"answer\": \"never\"}")) { Gate = new TaskCompletionSource().Task };
        using var cts = new CancellationTokenSource();
        var run = new CotaAgent(model, Tools()).RunAsync([], "?", cancellationToken: cts.Token);
        await model.Entered;
        await cts.CancelAsync();
        var outcome = await run;

        // The model's gate never opened: the run ended on the cancellation alone.
        Assert.Equal(AgentExitReason.Cancelled, outcome.ExitReason);
        Assert.Null(outcome.Answer);
    }

    [Fact]
    public async Task Cancellation_during_a_hanging_tool_does_not_wait_for_it()
    {
        using var tool = new BlockingToolDouble();
        var tools = new ToolRegistry().Add(tool);
        var model = new ScriptedActionModel(Act("GetObjects", "{\"image\": \"image-0\"}"));
        using var cts = new CancellationTokenSource();
        var run = new CotaAgent(model, tools).RunAsync([Fixtures.Gradient()], "?", cancellationToken: cts.Token);
        await tool.Entered;
        await cts.CancelAsync();
        var outcome = await run;

        Assert.Equal(AgentExitReason.Cancelled, outcome.ExitReason);
        Assert.False(tool.Returned); // the run came back while the tool was still blocked
    }

    [Fact]
    public async Task A_failing_model_ends_the_run_as_a_model_error()
    {
        var model = new ScriptedActionModel() { Failure = new InvalidOperationException("decoder_model_merged.onnx: out of memory") };
        var outcome = await new CotaAgent(model, Tools()).RunAsync([], "?");

        Assert.Equal(AgentExitReason.ModelError, outcome.ExitReason);
        Assert.Equal("decoder_model_merged.onnx: out of memory", outcome.Error);
    }

    [Fact]
    public async Task A_model_that_cancels_itself_is_a_model_error_not_a_cancellation()
    {
        var model = new ScriptedActionModel() { Failure = new TaskCanceledException("HTTP request timed out") };
        var outcome = await new CotaAgent(model, Tools()).RunAsync([], "?");

        Assert.Equal(AgentExitReason.ModelError, outcome.ExitReason);
        Assert.Equal("HTTP request timed out", outcome.Error);
    }

    [Fact]
    public async Task Each_run_is_one_conversation_the_model_is_told_has_ended()
    {
        var model = new ScriptedActionModel(Act("Calculate", "{\"expression\": \"1 + 1\"}"), Act("Terminate", "{\"answer\": \"2\"}"), Act("Terminate", "{\"answer\": \"again\"}"));
        var agent = new CotaAgent(model, Tools());
        await agent.RunAsync([], "first");
        await agent.RunAsync([], "second");

        var ids = model.Requests.Select(r => r.ConversationId).ToList();
        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[0], ids[2]);
        Assert.Equal([ids[0], ids[2]], model.EndedConversations);

        // Each request extends the previous one by the reply and the observation.
        Assert.Single(model.Requests[0].Messages);
        Assert.Equal(3, model.Requests[1].Messages.Count);
        Assert.Equal(model.Requests[0].Messages[0], model.Requests[1].Messages[0]);
    }

    [Fact]
    public async Task A_cancelled_conversation_is_ended_too()
    {
        var model = new ScriptedActionModel(Act("Terminate", "{\"answer\": \"x\"}")) { Gate = new TaskCompletionSource().Task };
        using var cts = new CancellationTokenSource();
        var run = new CotaAgent(model, Tools()).RunAsync([], "?", cancellationToken: cts.Token);
        await model.Entered;
        await cts.CancelAsync();
        await run;
        Assert.Single(model.EndedConversations);
    }

    [Fact]
    public async Task Tool_results_are_cached_by_image_content_across_questions()
    {
        var cache = new ToolResultCache();
        var options = new AgentOptions { Cache = cache };
        var board = Fixtures.PriceBoard();
        var first = await new CotaAgent(new ScriptedActionModel(Act("OCR", "{\"image\": \"image-0\"}"), Act("Terminate", "{\"answer\": \"a\"}")), Tools(), options)
            .RunAsync([board], "one");

        // Same picture under another id in another question: OCR is not run again.
        var second = await new CotaAgent(new ScriptedActionModel(Act("OCR", "{\"image\": \"image-1\"}"), Act("Terminate", "{\"answer\": \"b\"}")), Tools(), options)
            .RunAsync([Fixtures.Gradient(), board], "two");

        Assert.False(first.Steps[0].Cached);
        Assert.True(second.Steps[0].Cached);
        Assert.Equal(first.Steps[0].Observation, second.Steps[0].Observation);
        Assert.Equal(1, cache.Hits);
    }

    [Fact]
    public async Task One_agent_caches_by_default_and_caching_can_be_switched_off()
    {
        string[] script = [Act("Calculate", "{\"expression\": \"2 ** 64\"}"), Act("Calculate", "{\"expression\": \"2**64\"}"), Act("Calculate", "{\"expression\": \"2 ** 64\"}"), Act("Terminate", "{\"answer\": \"big\"}")];
        var cached = await new CotaAgent(new ScriptedActionModel(script), Tools()).RunAsync([], "?");
        Assert.Equal([false, false, true, false], cached.Steps.Select(s => s.Cached).ToArray());

        var uncached = await new CotaAgent(new ScriptedActionModel(script), Tools(), new AgentOptions { CacheToolResults = false }).RunAsync([], "?");
        Assert.All(uncached.Steps, s => Assert.False(s.Cached));
        Assert.Equal(cached.Steps.Select(s => s.Observation), uncached.Steps.Select(s => s.Observation));
    }

    [Fact]
    public async Task Images_made_by_tools_get_the_next_ids_and_are_attached_to_the_observation()
    {
        var tools = new ToolRegistry().Add(new FlipImageToolDouble());
        var model = new ScriptedActionModel(
            Act("Crop", "{\"image\": \"image-1\"}"),
            Act("Crop", "{\"image\": \"image-2\"}"),
            Act("Terminate", "{\"answer\": \"flipped\"}"));
        var outcome = await new CotaAgent(model, tools).RunAsync([Fixtures.Gradient(), Fixtures.Gradient(4, 2)], "Flip twice.");

        Assert.Equal(["image-2"], outcome.Steps[0].NewImages.ToArray());
        Assert.Equal(["image-3"], outcome.Steps[1].NewImages.ToArray());
        Assert.StartsWith("OBSERVATION:\n{'image': 'image-2: <image>'}", outcome.Steps[0].Observation, StringComparison.Ordinal);
        var observationTurn = model.Requests[1].Messages[^1];
        Assert.Equal(ChatRole.User, observationTurn.Role);
        Assert.Equal([new ImageRef(2)], observationTurn.Images.ToArray());
        Assert.Equal(4, model.Requests[2].Images.Count);
        Assert.Equal(model.Requests[2].Images.GetPixels(new ImageRef(1)).Pixels.ToArray(), model.Requests[2].Images.GetPixels(new ImageRef(3)).Pixels.ToArray());
    }

    [Fact]
    public async Task A_profile_can_offer_a_subset_of_the_registered_actions()
    {
        var profile = ProtocolProfile.Taco with { OfferedActions = ["Calculate"] };
        var model = new ScriptedActionModel(Act("OCR", "{\"image\": \"image-0\"}"), Act("Terminate", "{\"answer\": \"x\"}"));
        var outcome = await new CotaAgent(model, Tools(), new AgentOptions { Profile = profile }).RunAsync([Fixtures.Gradient()], "?");

        Golden.AssertMatches("short-prompt-calculate.txt", model.Requests[0].SystemPrompt!);
        Assert.Contains("Unknown action 'OCR'; the available actions are Calculate, Terminate.", outcome.Steps[0].Observation, StringComparison.Ordinal);
    }
}
