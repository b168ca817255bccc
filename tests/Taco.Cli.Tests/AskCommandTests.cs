using System.Text.Json;
using Taco.Agent.Inference;
using Taco.Agent.Protocol;
using Taco.Agent.Runs;
using Taco.Cli.Infrastructure;
using Taco.Inference;
using Taco.Inference.Generation;

namespace Taco.Cli.Tests;

/// <summary>
/// The tiny models have random weights, so these tests pin the plumbing (it runs, stops within
/// its budget, exit codes, JSON shape, KV-cache reuse), never the answer.
/// </summary>
public sealed class AskCommandTests
{
    private static string Board => Path.Combine(AppContext.BaseDirectory, "Fixtures", "price-board.png");

    private static string TinyLlava => Path.Combine(ModelsCommandTests.RepoRoot(), "models", "tiny-llava");

    [Fact]
    public void Without_a_model_option_the_shipped_taco_tiny_runs_the_loop()
    {
        var (code, output, error) = CliRunner.InProcess("ask", Board, "What does diesel cost?", "--json", "--max-steps", "2");
        Assert.True(code is ExitCodes.Success or ExitCodes.NoAnswer, $"exit {code}: {error}");
        using var json = JsonDocument.Parse(output);
        Assert.NotEqual(0, json.RootElement.GetProperty("steps").GetArrayLength());
    }

    [Fact]
    public void A_question_without_an_image_is_bad_input()
    {
        var (code, _, error) = CliRunner.InProcess("ask", "What does diesel cost?", "--model", TinyLlava);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("give at least one image and then the question", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_option_is_bad_input_rather_than_the_question()
    {
        var (code, output, error) = CliRunner.InProcess("ask", Board, "What does diesel cost?", "--model", TinyLlava, "--max-stepz", "2");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal("taco: unrecognized option '--max-stepz'; run 'taco ask --help' for the options.\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_unreadable_image_is_bad_input_before_the_model_loads()
    {
        var (code, output, error) = CliRunner.InProcess("ask", Path.Combine(AppContext.BaseDirectory, "Fixtures", "text-named.png"), "q?", "--model", TinyLlava);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void A_broken_model_directory_is_a_model_error()
    {
        var (code, _, error) = CliRunner.InProcess("ask", Board, "q?", "--model", "/nonexistent/model");
        Assert.Equal(ExitCodes.ModelError, code);
        Assert.Equal("taco: Model directory not found: /nonexistent/model.\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_unknown_tool_in_the_subset_is_bad_input()
    {
        var (code, _, error) = CliRunner.InProcess("ask", Board, "q?", "--model", TinyLlava, "--tools", "OCR,Depth");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("unknown tool(s) Depth in --tools", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tiny_model_runs_within_max_steps_and_json_has_the_outcome_shape()
    {
        var (code, output, error) = CliRunner.InProcess(
            "ask", Board, "What does diesel cost?", "--model", TinyLlava, "--max-steps", "3", "--max-new-tokens", "16",
            "--temperature", "1", "--seed", "7", "--json");
        Assert.True(code is ExitCodes.Success or ExitCodes.NoAnswer, $"exit {code}: {error}");
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("What does diesel cost?", root.GetProperty("question").GetString());
        var reason = root.GetProperty("exit_reason").GetString();
        Assert.Contains(reason, new[] { "answered", "max_replies", "stalled" });
        Assert.Equal(code == ExitCodes.Success, reason == "answered");
        var steps = root.GetProperty("steps").EnumerateArray().ToList();
        Assert.InRange(steps.Count, 1, 3);
        foreach (var step in steps)
        {
            Assert.True(step.GetProperty("generated_tokens").GetInt32() is > 0 and <= 16);
            Assert.True(step.GetProperty("prefilled_tokens").GetInt32() > 0);
            Assert.True(step.TryGetProperty("model_text", out _));
        }

        Assert.True(root.GetProperty("elapsed_milliseconds").GetDouble() > 0);
        // Steps stream to standard error, one line or more per step.
        Assert.Contains("[1] ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void No_constrain_lets_the_random_model_write_unparseable_replies_that_the_default_prevents()
    {
        string[] Kinds(params string[] extra)
        {
            var (code, output, error) = CliRunner.InProcess(
                ["ask", Board, "What does diesel cost?", "--model", TinyLlava, "--max-steps", "2", "--max-new-tokens", "48",
                 "--temperature", "1", "--seed", "7", "--json", .. extra]);
            Assert.True(code is ExitCodes.Success or ExitCodes.NoAnswer, $"exit {code}: {error}");
            using var doc = JsonDocument.Parse(output);
            return [.. doc.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("kind").GetString()!)];
        }

        var free = Kinds("--no-constrain");
        Assert.NotEmpty(free);
        Assert.All(free, kind => Assert.Equal("parse_error", kind));
        var constrained = Kinds();
        Assert.NotEmpty(constrained);
        Assert.DoesNotContain("parse_error", constrained);
    }

    [Fact]
    public void The_rendered_ask_output_matches_the_golden_file()
    {
        // Seed 45 on tiny-llava happens to give two replies without an action, OCR (real Tesseract) and Terminate: the rendering of a tool's
        // observation, the answer and the step lines the user sees, byte for byte.
        var (code, output, error) = CliRunner.InProcess(
            "ask", Board, "What does diesel cost?", "--model", TinyLlava, "--temperature", "1", "--seed", "45", "--ocr-engine", "tesseract", "--profile", "taco-chat");
        Assert.True(code == ExitCodes.Success, $"exit {code}: {error}");
        Golden.AssertMatches("ask-plain", "standard error:\n" + error + "standard output:\n" + output);
    }

    [Fact]
    public void Tool_timeout_reaches_the_agent_and_must_be_positive()
    {
        // What a timeout does to a slow tool is pinned by the agent's tests with a slow tool double; here the
        // option's path into the agent. (A real run racing a 1 ms timer against real tools was flaky: whether
        // validation or the timer wins the first call decides the rest of the run.)
        var parse = TacoApp.CreateRootCommand().Parse(["ask", Board, "q?", "--model", TinyLlava, "--tool-timeout", "0.25"]);
        using var context = TacoApp.CreateContext(parse);
        var settings = AgentRunOptions.Read(context.Values);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.ToolTimeout);
        using var runner = QuestionRunner.Create(context, settings);
        Assert.Equal(TimeSpan.FromMilliseconds(250), runner.AgentOptions.ToolTimeout);

        // The built-in default, with no TACO_* variable and no taco.json (the test runner sets TACO_TOOL_TIMEOUT).
        using var home = new TempDirectory("taco-no-config");
        var defaults = new OptionValues(TacoApp.CreateRootCommand().Parse(["ask", Board, "q?", "--model", TinyLlava]), TacoConfig.Load(home.Path, v => v == "HOME" ? home.Path : null));
        Assert.Equal(TimeSpan.FromSeconds(60), AgentRunOptions.Read(defaults).ToolTimeout);

        var (badCode, _, badError) = CliRunner.InProcess("ask", Board, "q?", "--model", TinyLlava, "--tool-timeout", "0");
        Assert.Equal(ExitCodes.BadInput, badCode);
        Assert.Contains("--tool-timeout must be a positive number of seconds.", badError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_test_runner_lifts_the_tool_timeout_so_a_loaded_machine_cannot_change_a_run_of_real_tools()
    {
        // taco.runsettings: the golden runs here call real tools, which a 60 s real-clock limit must never cut short.
        using var context = TacoApp.CreateContext(TacoApp.CreateRootCommand().Parse(["ask", Board, "q?", "--model", TinyLlava]));
        Assert.True(AgentRunOptions.Read(context.Values).ToolTimeout >= TimeSpan.FromDays(1), "TACO_TOOL_TIMEOUT is not set by tests/Taco.Cli.Tests/taco.runsettings");
    }

    [Fact]
    public void A_full_context_ends_the_run_as_context_full_and_replays_identically()
    {
        using var traceDir = new TempDirectory("taco-context-full");
        var idefics = Path.Combine(ModelsCommandTests.RepoRoot(), "models", "tiny-idefics3");
        var (code, output, error) = CliRunner.InProcess(
            "ask", Board, "diesel?", "--model", idefics, "--temperature", "1", "--seed", "6", "--json", "--trace-dir", traceDir.Path, "--profile", "taco-chat");
        Assert.True(code == ExitCodes.NoAnswer, $"exit {code}: {error}");
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("context_full", root.GetProperty("exit_reason").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("answer").ValueKind);
        var steps = root.GetProperty("steps").EnumerateArray().ToList();
        Assert.InRange(steps.Count, 2, 9);
        Assert.True(steps[^1].GetProperty("context_full").GetBoolean());
        Assert.All(steps.SkipLast(1), s => Assert.False(s.TryGetProperty("context_full", out _)));
        Assert.Contains("taco: no answer (context_full)", error, StringComparison.Ordinal);

        var (replayCode, replayOutput, replayError) = CliRunner.InProcess("replay", traceDir.Path);
        Assert.True(replayCode == ExitCodes.Success, $"exit {replayCode}: {replayOutput}{replayError}");
        Assert.Contains("(context_full)", replayOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_output_keeps_steps_on_standard_error_and_writes_a_replayable_trace()
    {
        using var traceDir = new TempDirectory("taco-ask");
        var (code, output, error) = CliRunner.InProcess(
            "ask", Board, "What does diesel cost?", "--model", TinyLlava, "--max-steps", "2", "--max-new-tokens", "12", "--trace-dir", traceDir.Path);
        Assert.True(code is ExitCodes.Success or ExitCodes.NoAnswer, $"exit {code}: {error}");
        Assert.DoesNotContain("[1] ", output, StringComparison.Ordinal);
        if (code == ExitCodes.NoAnswer)
        {
            Assert.Contains("taco: no answer (", error, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(traceDir.Path, "trace.jsonl")));
        Assert.True(File.Exists(Path.Combine(traceDir.Path, "images", "image-0.png")));
        var (replayCode, replayOutput, replayError) = CliRunner.InProcess("replay", traceDir.Path);
        Assert.True(replayCode == ExitCodes.Success, replayOutput + replayError);
    }

    [Fact]
    public async Task The_adapter_prefills_only_each_new_turn_and_releases_the_cache_when_the_question_ends()
    {
        using var vlm = VisionLanguageModel.Load(TinyLlava);
        using var model = new VlmActionModel(vlm, new GenerationOptions { MaxNewTokens = 12 });
        var agent = new CotaAgent(model, CliTools.CreateRegistry(Taco.Tools.Ocr.Tesseract.TesseractOcrEngine.Shared()), new AgentOptions { MaxReplies = 3, Profile = ProtocolProfile.TacoChat });
        var outcome = await agent.RunAsync([CliImages.Load(Board)], "What does diesel cost?");

        Assert.NotEqual(AgentExitReason.ModelError, outcome.ExitReason);
        Assert.True(outcome.Steps.Length >= 2, $"only {outcome.Steps.Length} step(s): {outcome.ExitReason}");
        var first = outcome.Steps[0].PrefilledTokens!.Value;
        Assert.True(first > 36, "the first step prefills the prompt with the image's 36 feature tokens");
        for (var i = 1; i < outcome.Steps.Length; i++)
        {
            // Later steps feed only the new user turn with its chat-template markers (role names, end
            // and start tokens, the pending last token: well under 32 tokens here), never the history.
            var newTurn = vlm.Tokenizer.Encode(outcome.Steps[i - 1].Observation!, addSpecialTokens: false).Length;
            var prefilled = outcome.Steps[i].PrefilledTokens!.Value;
            Assert.True(prefilled >= newTurn && prefilled <= newTurn + 32, $"step {i + 1} prefilled {prefilled} tokens; its new turn has {newTurn}; rewinds {model.Rewinds}");
        }

        Assert.Equal(0, model.Rewinds);
        Assert.Equal(0, model.OpenConversations);
    }

    [Fact]
    public async Task Under_taco_the_transcript_keeps_its_common_prefix_cached_and_prefills_only_reply_turn_and_tail()
    {
        using var vlm = VisionLanguageModel.Load(TinyLlava);
        using var model = new VlmActionModel(vlm, new GenerationOptions { MaxNewTokens = 12 });
        var agent = new CotaAgent(model, CliTools.CreateRegistry(Taco.Tools.Ocr.Tesseract.TesseractOcrEngine.Shared()), new AgentOptions { MaxReplies = 3 });
        var outcome = await agent.RunAsync([CliImages.Load(Board)], "What does diesel cost?");

        Assert.NotEqual(AgentExitReason.ModelError, outcome.ExitReason);
        Assert.True(outcome.Steps.Length >= 2, $"only {outcome.Steps.Length} step(s): {outcome.ExitReason}");
        Assert.Equal(outcome.Steps[0].PromptTokens, outcome.Steps[0].PrefilledTokens);
        for (var i = 1; i < outcome.Steps.Length; i++)
        {
            // The reference re-prefills the whole prompt each step; here only the reply, the new "###Human: " turn,
            // the "###Assistant: " tail and the template's closing tokens (a few more where tokens straddle the cut).
            var step = outcome.Steps[i - 1];
            var added = "###Assistant: " + step.ModelText + "\n###Human: " + step.Observation + "\n\n###Assistant: <|im_end|>\n<|im_start|>assistant\n";
            var texts = vlm.Tokenizer.Encode(added, addSpecialTokens: false).Length;
            var prefilled = outcome.Steps[i].PrefilledTokens!.Value;
            var whole = outcome.Steps[i].PromptTokens!.Value;
            Assert.True(prefilled <= texts + 8, $"step {i + 1} prefilled {prefilled} of {whole} tokens; its new texts have {texts}");
            Assert.True(whole > outcome.Steps[i - 1].PromptTokens!.Value);
            Assert.True(prefilled < whole - 36, $"step {i + 1} prefilled {prefilled} of {whole}: the image and the history stay cached");
        }

        Assert.Equal(0, model.OpenConversations);
    }

    [Fact]
    public void Print_prompt_shows_the_flattened_transcript_inside_the_models_user_turn_without_running_it()
    {
        var (code, output, error) = CliRunner.InProcess("ask", Board, "What does diesel cost?", "--model", TinyLlava, "--print-prompt", "--tools", "OCR,Calculate");
        Assert.True(code == ExitCodes.Success, $"exit {code}: {error}");
        Assert.Equal(string.Empty, error);
        var system = "[BEGIN OF GOAL] You are a helpful assistant, and your goal is to solve the # USER REQUEST #. You can either rely on your own capabilities or perform actions with external tools to help you. You can use these actions: OCR, Calculate, Terminate [END OF GOAL]";
        var transcript = system + "\n###Human: \n# USER REQUEST #:\nimage-0: <image>\nWhat does diesel cost?\n\nNow please generate your response:\n\n\n###Assistant: ";

        // tiny-llava's template is ChatML; its image placeholder is <image>.
        Assert.Equal("<|im_start|>user\n" + transcript + "<|im_end|>\n<|im_start|>assistant\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Without_a_profile_a_chat_model_type_gets_chat_turns()
    {
        var idefics = Path.Combine(ModelsCommandTests.RepoRoot(), "models", "tiny-idefics3");
        var (code, output, error) = CliRunner.InProcess("ask", Board, "What does diesel cost?", "--model", idefics, "--print-prompt");
        Assert.True(code == ExitCodes.Success, $"exit {code}: {error}");
        Assert.Contains("[BEGIN OF GOAL]", output, StringComparison.Ordinal);
        Assert.Contains("\nWhat does diesel cost?\nNow please generate your response:\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("###", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Print_prompt_under_a_chat_native_profile_shows_chat_turns()
    {
        var (code, output, error) = CliRunner.InProcess("ask", Board, "What does diesel cost?", "--model", TinyLlava, "--print-prompt", "--profile", "taco-tiny");
        Assert.True(code == ExitCodes.Success, $"exit {code}: {error}");
        Assert.StartsWith("<|im_start|>user\n[BEGIN OF GOAL]", output, StringComparison.Ordinal);
        Assert.EndsWith("\nWhat does diesel cost?\nNow please generate your response:\n<|im_end|>\n<|im_start|>assistant\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("###", output, StringComparison.Ordinal);

        var (badCode, badOutput, badError) = CliRunner.InProcess("ask", Board, "q?", "--model", TinyLlava, "--print-prompt", "--profile", "llava");
        Assert.Equal(ExitCodes.BadInput, badCode);
        Assert.Equal(string.Empty, badOutput);
        Assert.Equal("taco: --profile 'llava' is no profile; the profiles are taco, taco-tiny, taco-chat.\n", badError.ReplaceLineEndings("\n"));
    }
}
