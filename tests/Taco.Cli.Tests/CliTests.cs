using System.Text.Json;
using Taco.Onnx;

namespace Taco.Cli.Tests;

public sealed class CliTests
{
    [Fact]
    public void Root_help_matches_the_golden_text()
    {
        var (code, output, _) = CliRunner.InProcess("--help");
        Assert.Equal(ExitCodes.Success, code);
        Golden.AssertMatches("help-root", AsTaco(output));
    }

    [Fact]
    public void Doctor_help_matches_the_golden_text()
    {
        var (code, output, _) = CliRunner.InProcess("doctor", "--help");
        Assert.Equal(ExitCodes.Success, code);
        Golden.AssertMatches("help-doctor", AsTaco(output));
    }

    [Theory]
    [InlineData("help-ask", "ask")]
    [InlineData("help-replay", "replay")]
    [InlineData("help-batch", "batch")]
    [InlineData("help-eval", "eval")]
    [InlineData("help-synth", "synth")]
    [InlineData("help-models-info", "models", "info")]
    [InlineData("help-tools-run", "tools", "run")]
    public void Command_help_matches_the_golden_text(string golden, params string[] command)
    {
        var (code, output, _) = CliRunner.InProcess([.. command, "--help"]);
        Assert.Equal(ExitCodes.Success, code);
        Golden.AssertMatches(golden, AsTaco(output));
    }

    [Fact]
    public void Doctor_finds_every_native_dependency_and_runs_the_self_check_model()
    {
        var (code, output, error) = CliRunner.InProcess("doctor", "--json");
        Assert.True(code == ExitCodes.Success, $"exit {code}: {output}{error}");
        using var doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
        var names = doc.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(["dotnet", "onnxruntime", "onnx self-check", "imaging", "tesseract", "pp-ocr models", "depth model", "config"], names);
        var selfCheck = doc.RootElement.GetProperty("checks")[2].GetProperty("detail").GetString();
        Assert.Contains("MatMul matches", selfCheck, StringComparison.Ordinal);
        var imaging = doc.RootElement.GetProperty("checks")[3].GetProperty("detail").GetString();
        Assert.Contains("SixLabors.ImageSharp 2.1.13: PNG encode/decode round trip ok", imaging, StringComparison.Ordinal);
        var depth = doc.RootElement.GetProperty("checks")[6].GetProperty("detail").GetString();
        Assert.Contains("tiny-depth-trained; runs (32×24 map)", depth, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_plain_output_has_one_line_per_check_and_no_colour_codes()
    {
        var (code, output, _) = CliRunner.InProcess("doctor");
        Assert.Equal(ExitCodes.Success, code);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(8, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("ok ", l, StringComparison.Ordinal));
        Assert.DoesNotContain('\u001b', output);
    }

    [Fact]
    public void Unknown_command_is_bad_input_with_one_clear_line()
    {
        var (code, output, error) = CliRunner.InProcess("frobnicate");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal("taco: Unrecognized command or argument 'frobnicate'.\nRun 'taco --help' for usage.\n", error.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("--seed", "abc", "taco: --seed takes an integer, not 'abc'.")]
    [InlineData("--temperature", "warm", "taco: --temperature takes a number, not 'warm'.")]
    public void A_value_of_the_wrong_kind_names_the_kind_in_words(string option, string value, string expected)
    {
        var (code, _, error) = CliRunner.InProcess("ask", "x.png", "q?", option, value);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(expected, error.ReplaceLineEndings("\n").Split('\n')[0]);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_onnx_runtime_is_a_missing_dependency_that_names_the_path_and_the_fix()
    {
        var (code, output, _) = CliRunner.ChildProcess(
            new Dictionary<string, string?> { ["TACO_ORT_LIBRARY"] = "/nonexistent/libonnxruntime.so.1" }, "doctor");
        Assert.Equal(ExitCodes.MissingDependency, code);
        Assert.Contains("FAIL onnxruntime: ONNX Runtime library given by TACO_ORT_LIBRARY does not exist: /nonexistent/libonnxruntime.so.1", output, StringComparison.Ordinal);
        Assert.Contains("fix: ONNX Runtime comes with taco from the Microsoft.ML.OnnxRuntime package", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_that_is_not_onnx_runtime_is_one_line_naming_it()
    {
        using var dir = new TempDirectory("taco-not-ort");
        var fake = Path.Combine(dir.Path, "libonnxruntime.so");
        File.WriteAllText(fake, "not a shared library");
        var (code, _, error) = CliRunner.ChildProcess(null, "tools", "run", "OCR", "--ort-library", fake, "--ocr-engine", "ppocr", Path.Combine(AppContext.BaseDirectory, "Fixtures", "price-board.png"));
        Assert.Equal(ExitCodes.MissingDependency, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"taco: ONNX Runtime at {fake} could not be started", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_line_of_100_KB_runs_instead_of_crashing_in_ONNX_Runtime()
    {
        // ONNX Runtime's Linux telemetry read the whole command line with stack use growing with its length:
        // from about 30 KB on, taco died with exit 134 while starting ONNX Runtime. The telemetry is now off.
        var expression = "1+" + string.Concat(Enumerable.Repeat("1+", 50_000)) + "1";
        var (code, output, error) = CliRunner.ChildProcess(null, "tools", "run", "Calculate", "--arg", "expression=" + expression);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("is too long (100003 characters", output, StringComparison.Ordinal);
        Assert.Equal("taco: Calculate failed: ValueError: Argument 'expression' is too long (100003 characters; the limit is 2000)", error.Trim());
    }

    [Fact]
    public void An_ask_question_of_100_KB_ends_as_context_full_instead_of_crashing()
    {
        // A real child process: the length of its own command line is what once crashed taco (exit 134).
        var question = string.Concat(Enumerable.Repeat("What does diesel cost? ", 4_400)) + "Answer.";
        Assert.InRange(question.Length, 100_000, 102_000);

        var (code, output, error) = CliRunner.ChildProcess(null, ["ask", BatchFixture.Board, question, "--json", .. BatchFixture.Model()]);

        Assert.True(code == ExitCodes.NoAnswer, $"exit {code}: {error}");
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("context_full", doc.RootElement.GetProperty("exit_reason").GetString());
        Assert.Equal("taco: no answer (context_full)", error.Trim().Split('\n')[^1]);
    }

    [Fact]
    public void A_batch_question_of_32_KB_runs_every_image()
    {
        using var temp = new TempDirectory("taco-long-question");
        var folder = Directory.CreateDirectory(Path.Combine(temp.Path, "photos")).FullName;
        File.Copy(BatchFixture.Board, Path.Combine(folder, "board.png"));
        var output = Path.Combine(temp.Path, "out.jsonl");
        var question = string.Concat(Enumerable.Repeat("What does diesel cost? ", 1_430)) + "Answer.";
        Assert.InRange(question.Length, 32 * 1024, 34 * 1024);

        var (code, _, error) = CliRunner.ChildProcess(null, ["batch", folder, "--question", question, "-o", output, "-j", "1", .. BatchFixture.Model()]);

        Assert.True(code == ExitCodes.Success, $"exit {code}: {error}");
        var line = Assert.Single(BatchFixture.ReadResults(output));
        Assert.Equal("board.png", line.GetProperty("id").GetString());
        Assert.Equal(question, line.GetProperty("question").GetString());
    }

    [Fact]
    public void Doctor_reports_an_unusable_depth_model_with_the_place_tried_and_the_fix()
    {
        using var empty = new TempDirectory("taco-no-depth");
        var (code, output, _) = CliRunner.InProcess("doctor", "--depth-model", empty.Path);
        Assert.Equal(ExitCodes.MissingDependency, code);
        Assert.Contains($"FAIL depth model: no usable depth model found. Tried:   1. {empty.Path} (--depth-model): lacks onnx/model.onnx and preprocessor_config.json", output, StringComparison.Ordinal);
        Assert.Contains("fix: pass --depth-model <dir> or set TACO_DEPTH_MODEL", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_reports_missing_pp_ocr_models_with_the_files_and_the_fix()
    {
        using var empty = new TempDirectory("taco-no-ppocr");
        var (code, output, _) = CliRunner.ChildProcess(new Dictionary<string, string?> { ["TACO_PPOCR_MODELS"] = empty.Path }, "doctor");
        Assert.Equal(ExitCodes.MissingDependency, code);
        Assert.Contains($"FAIL pp-ocr models: PP-OCR model files missing in {empty.Path} (TACO_PPOCR_MODELS):", output, StringComparison.Ordinal);
        Assert.Contains("ch_PP-OCRv4_det_infer.onnx", output, StringComparison.Ordinal);
        Assert.Contains("fix: run scripts/provision runtime, or set TACO_PPOCR_MODELS", output, StringComparison.Ordinal);
    }

    /// <summary>TACO_TESSERACT_LIBRARY, when set, is the only place taco loads libtesseract from: a missing file stands for no Tesseract.</summary>
    private static Dictionary<string, string?> WithoutTesseract(string folder) =>
        new() { ["TACO_TESSERACT_LIBRARY"] = Path.Combine(folder, "libtesseract.so.5"), ["TACO_OCR_ENGINE"] = null };

    [Fact]
    public void Without_tesseract_auto_ocr_reads_with_pp_ocr_alone_and_says_so()
    {
        using var empty = new TempDirectory("taco-no-tesseract");
        var board = Path.Combine(AppContext.BaseDirectory, "Fixtures", "price-board.png");
        var (code, output, error) = CliRunner.ChildProcess(WithoutTesseract(empty.Path), "tools", "run", "OCR", board, "--ocr-engine", "auto");
        Assert.Equal(ExitCodes.Success, code);
        var warning = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("taco: warning: auto OCR uses PP-OCR only (pages of prose read less well): Tesseract 5 (libtesseract) is not installed", warning, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(empty.Path, "libtesseract.so.5"), warning, StringComparison.Ordinal);

        // Exactly what PP-OCR alone reads from the board.
        var (ppCode, ppOutput, _) = CliRunner.ChildProcess(WithoutTesseract(empty.Path), "tools", "run", "OCR", board, "--ocr-engine", "ppocr");
        Assert.Equal(ExitCodes.Success, ppCode);
        Assert.NotEqual(string.Empty, output.Trim());
        Assert.Equal(ppOutput, output);
    }

    [Fact]
    public void Without_tesseract_the_tesseract_engine_is_one_line_saying_how_to_install_it_and_exit_4()
    {
        using var empty = new TempDirectory("taco-no-tesseract");
        var board = Path.Combine(AppContext.BaseDirectory, "Fixtures", "price-board.png");
        var (code, output, error) = CliRunner.ChildProcess(WithoutTesseract(empty.Path), "tools", "run", "OCR", board, "--ocr-engine", "tesseract");
        Assert.Equal(ExitCodes.MissingDependency, code);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"taco: --ocr-engine tesseract: Tesseract 5 (libtesseract) is not installed or could not be loaded (tried {Path.Combine(empty.Path, "libtesseract.so.5")};", line, StringComparison.Ordinal);
        Assert.Contains("install it with sudo apt-get install libtesseract5 tesseract-ocr-eng", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_reports_missing_tesseract_as_a_warning_with_the_fix_and_still_passes()
    {
        using var empty = new TempDirectory("taco-no-tesseract");
        var (code, output, _) = CliRunner.ChildProcess(WithoutTesseract(empty.Path), "doctor");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("warn tesseract: Tesseract 5 (libtesseract) is not installed", output, StringComparison.Ordinal);
        Assert.Contains("auto OCR uses PP-OCR alone without it, --ocr-engine tesseract needs it", output, StringComparison.Ordinal);
        Assert.Contains("fix: run scripts/provision (Debian packages libtesseract5, tesseract-ocr-eng)", output, StringComparison.Ordinal);

        var (jsonCode, json, _) = CliRunner.ChildProcess(WithoutTesseract(empty.Path), "doctor", "--json");
        Assert.Equal(ExitCodes.Success, jsonCode);
        using var doc = JsonDocument.Parse(json);
        Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
        var tesseract = doc.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "tesseract");
        Assert.False(tesseract.GetProperty("ok").GetBoolean());
        Assert.True(tesseract.GetProperty("optional").GetBoolean());
    }

    [Fact]
    public void An_empty_cache_still_runs_the_packaged_onnx_runtime_and_names_the_missing_pp_ocr_models()
    {
        using var emptyCache = new TempDirectory("taco-empty-cache");
        var (code, output, _) = CliRunner.ChildProcess(
            new Dictionary<string, string?> { ["TACO_CACHE_DIR"] = emptyCache.Path, ["TACO_ORT_LIBRARY"] = null, ["TACO_PPOCR_MODELS"] = null }, "doctor");
        Assert.Equal(ExitCodes.MissingDependency, code);
        Assert.Contains($"ok   onnxruntime: {OrtLibraryLocator.OrtVersion} from {Path.Combine(AppContext.BaseDirectory, "runtimes")}", output, StringComparison.Ordinal);
        Assert.Contains("ok   onnx self-check", output, StringComparison.Ordinal);
        Assert.Contains("FAIL pp-ocr models", output, StringComparison.Ordinal);
        Assert.Contains(emptyCache.Path, output, StringComparison.Ordinal);
    }

    [Fact]
    public void ONNX_Runtime_log_lines_reach_the_apps_logger_on_standard_error_with_verbose()
    {
        var (code, output, error) = CliRunner.ChildProcess(null, "doctor", "--verbose");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("[INF] onnxruntime [", error, StringComparison.Ordinal);
        Assert.DoesNotContain("onnxruntime [", output, StringComparison.Ordinal);

        var (_, _, quiet) = CliRunner.ChildProcess(null, "doctor");
        Assert.DoesNotContain("onnxruntime [", quiet, StringComparison.Ordinal);
    }

    [Fact]
    public void Verbose_logs_go_to_standard_error_never_standard_output()
    {
        var (code, output, _) = CliRunner.InProcess("doctor", "--json", "--verbose");
        Assert.Equal(ExitCodes.Success, code);
        using var doc = JsonDocument.Parse(output); // stdout is exactly one JSON object
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
    }

    [Fact]
    public async Task Invocations_running_at_once_on_other_threads_write_to_their_own_streams()
    {
        // The streams are the invocation's own (System.CommandLine's InvocationConfiguration), not a thread's: two parses
        // invoked directly, each on a thread-pool thread, keep their results apart and off the console.
        static async Task<(int Code, string Output, string Error)> InvokeAsync(string expression)
        {
            await Task.Yield();
            using var output = new StringWriter();
            using var error = new StringWriter();
            var parse = TacoApp.CreateRootCommand().Parse(["tools", "run", "Calculate", "--arg", "expression=" + expression]);
            var code = await parse.InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });
            return (code, output.ToString(), error.ToString());
        }

        var runs = await Task.WhenAll(Task.Run(() => InvokeAsync("2+2")), Task.Run(() => InvokeAsync("3*3")));

        Assert.All(runs, r => Assert.Equal((ExitCodes.Success, string.Empty), (r.Code, r.Error)));
        Assert.StartsWith("OBSERVATION:\n{'result': 4}\n", runs[0].Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.StartsWith("OBSERVATION:\n{'result': 9}\n", runs[1].Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    // In-process, System.CommandLine names the program after the host executable (the test host);
    // the installed CLI is taco.dll, whose usage lines read "taco".
    private static string AsTaco(string help) => help.Replace("  testhost ", "  taco ", StringComparison.Ordinal);
}
