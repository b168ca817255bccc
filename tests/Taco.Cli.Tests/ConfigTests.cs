using System.Text.Json;
using Taco.Cli.Infrastructure;

namespace Taco.Cli.Tests;

/// <summary>
/// Option defaults: command line, then TACO_* variables, then taco.json (working directory, then
/// $XDG_CONFIG_HOME/taco or ~/.config/taco), then the built-in default. The end-to-end tests run a
/// child taco whose error message names the model directory that won.
/// </summary>
public sealed class ConfigTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("taco-config").FullName;

    public ConfigTests()
    {
        Directory.CreateDirectory(Work);
        Directory.CreateDirectory(Path.Combine(Xdg, "taco"));
    }

    private string Work => Path.Combine(_root, "work");

    private string Xdg => Path.Combine(_root, "xdg");

    private static string Board => Path.Combine(AppContext.BaseDirectory, "Fixtures", "price-board.png");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Without_any_source_and_without_a_shipped_model_the_error_names_every_way_to_give_it()
    {
        var error = Assert.Throws<CliException>(() => ShippedModels.Vlm.Resolve(chosen: null, baseDirectory: _root));
        Assert.Equal(ExitCodes.MissingDependency, error.ExitCode);
        Assert.Contains(Path.Combine(_root, "models", "taco-tiny"), error.Message, StringComparison.Ordinal);
        Assert.Contains("Pass --model <dir> or set TACO_MODEL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_working_directory_file_wins_over_the_xdg_file_and_relative_paths_are_relative_to_the_file()
    {
        File.WriteAllText(Path.Combine(Xdg, "taco", "taco.json"), """{"model": "from-xdg"}""");
        Assert.Contains($"Model directory not found: {Path.Combine(Xdg, "taco", "from-xdg")}", Ask().Error, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(Work, "taco.json"), """{"model": "from-cwd", "max-steps": 3}""");
        var (code, _, error) = Ask();
        Assert.Equal(ExitCodes.ModelError, code);
        Assert.Contains($"Model directory not found: {Path.Combine(Work, "from-cwd")}", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_environment_wins_over_the_file_and_the_command_line_wins_over_both()
    {
        File.WriteAllText(Path.Combine(Work, "taco.json"), """{"model": "from-file"}""");
        var env = new Dictionary<string, string?> { ["TACO_MODEL"] = "/nonexistent/from-env" };
        Assert.Contains("Model directory not found: /nonexistent/from-env", Ask(env).Error, StringComparison.Ordinal);
        Assert.Contains("Model directory not found: /nonexistent/from-cli", Ask(env, "--model", "/nonexistent/from-cli").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_names_its_source_and_a_command_line_value_overrides_it()
    {
        File.WriteAllText(Path.Combine(Work, "taco.json"), """{"model": "/nonexistent/m", "max-steps": "many"}""");
        var (code, _, error) = Ask();
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"taco: \"max-steps\" in {Path.Combine(Work, "taco.json")} must be a whole number, not 'many'.\n", error.ReplaceLineEndings("\n"));

        var env = new Dictionary<string, string?> { ["TACO_MAX_STEPS"] = "0" };
        (code, _, error) = Ask(env);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("taco: $TACO_MAX_STEPS must be at least 1.\n", error.ReplaceLineEndings("\n"));

        (code, _, _) = Ask(env, "--max-steps", "2");
        Assert.Equal(ExitCodes.ModelError, code);
    }

    [Theory]
    [InlineData("{\"model\": \"/nonexistent/m\", \"max-steps\": -4}", "\"max-steps\" in {file} must be at least 1.")]
    [InlineData("{\"model\": \"/nonexistent/m\", \"tools\": [1, 2]}", "\"tools\" in {file} must be a list of strings, not [1, 2].")]
    [InlineData("{\"model\": \"/nonexistent/m\", \"tools\": [\"OCR\", \"Nope\"]}", "unknown tool(s) Nope in \"tools\" in {file}; the tools are")]
    [InlineData("{\"model\": 5}", "\"model\" in {file} must be a path (a string), not number 5.")]
    [InlineData("{\"model\": \"/nonexistent/m\", \"concurrency\": 0, \"temperature\": -1}", "\"temperature\" in {file} must be 0 or more.")]
    public void A_value_out_of_range_or_of_the_wrong_kind_names_the_file_and_key(string content, string expected)
    {
        var file = Path.Combine(Work, "taco.json");
        File.WriteAllText(file, content);
        var (code, _, error) = Ask();
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith("taco: " + expected.Replace("{file}", file, StringComparison.Ordinal), error, StringComparison.Ordinal);
        Assert.DoesNotContain("--", error.Split('\n')[0], StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_is_a_warning_that_names_the_file_and_the_closest_key()
    {
        var file = Path.Combine(Work, "taco.json");
        File.WriteAllText(file, """{"model": "/nonexistent/m", "max-step": 3, "zzzzzz": 1}""");
        var (code, _, error) = Ask();
        Assert.Equal(ExitCodes.ModelError, code);
        var lines = error.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal($"taco: warning: \"max-step\" in {file} is not an option taco knows; it is ignored; did you mean \"max-steps\"?", lines[0]);
        Assert.Equal($"taco: warning: \"zzzzzz\" in {file} is not an option taco knows; it is ignored", lines[1]);
    }

    [Theory]
    [InlineData("{\"model\": \"m\",\n  oops}", "is not valid JSON at line 2; fix or delete it.")]
    [InlineData("[\"model\"]", "must hold one JSON object of option defaults")]
    [InlineData("{\"model\": {\"path\": \"m\"}}", "\"model\" in")]
    public void A_broken_config_file_is_one_line_and_exit_2(string content, string expected)
    {
        File.WriteAllText(Path.Combine(Work, "taco.json"), content);
        var (code, output, error) = Ask();
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("env")]
    public void An_unknown_ocr_engine_from_the_environment_or_the_file_is_bad_input(string source)
    {
        var env = new Dictionary<string, string?> { ["TACO_OCR_ENGINE"] = source == "env" ? "magic" : null };
        if (source == "file")
        {
            File.WriteAllText(Path.Combine(Work, "taco.json"), """{"ocr-engine": "magic"}""");
        }

        var (code, _, error) = CliRunner.ChildProcessIn(Work, Environment(env), "tools", "run", "OCR", Board);
        Assert.Equal(ExitCodes.BadInput, code);
        var named = source == "env" ? "$TACO_OCR_ENGINE" : $"\"ocr-engine\" in {Path.Combine(Work, "taco.json")}";
        Assert.Equal($"taco: {named} 'magic' is no OCR engine; choose auto, ppocr, tesseract.\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_ocr_engine_from_the_environment_is_read_like_every_other_TACO_variable()
    {
        // The variable is a configured default, not the option's built-in one: it outranks taco.json, the command line
        // outranks it, and help keeps showing the built-in default.
        File.WriteAllText(Path.Combine(Work, "taco.json"), """{"ocr-engine": "magic"}""");
        var env = new Dictionary<string, string?> { ["TACO_OCR_ENGINE"] = "nonsense" };
        var (code, _, error) = CliRunner.ChildProcessIn(Work, Environment(env), "tools", "run", "OCR", Board);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("taco: $TACO_OCR_ENGINE 'nonsense' is no OCR engine; choose auto, ppocr, tesseract.\n", error.ReplaceLineEndings("\n"));

        var (cliCode, cliOutput, cliError) = CliRunner.ChildProcessIn(Work, Environment(env), "tools", "run", "OCR", Board, "--ocr-engine", "tesseract", "--json");
        Assert.True(cliCode == ExitCodes.Success, cliError);
        using (var doc = JsonDocument.Parse(cliOutput))
        {
            Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
        }

        var (_, help, _) = CliRunner.ChildProcessIn(Work, Environment(env), "tools", "run", "--help");
        Assert.Contains("--ocr-engine <auto|ppocr|tesseract>", help, StringComparison.Ordinal);
        Assert.Contains("[default: auto]", help, StringComparison.Ordinal);
        Assert.DoesNotContain("nonsense", help, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_ocr_engine_on_the_command_line_is_a_parse_error_in_the_same_words()
    {
        var (code, output, error) = CliRunner.InProcess("tools", "run", "OCR", Board, "--ocr-engine", "magic");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("taco: --ocr-engine 'magic' is no OCR engine; choose auto, ppocr, tesseract.\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cli", "--execution-provider: ")]
    [InlineData("env", "$TACO_EXECUTION_PROVIDER: ")]
    [InlineData("file", "\"execution-provider\" in ")]
    public void An_execution_provider_the_runtime_lacks_is_one_line_naming_the_ones_it_has_and_exit_4(string source, string named)
    {
        // The CPU package has no CUDA provider (a GPU build has one that cannot start without a GPU, and says so
        // in the same kind of line). From any source the ask stops before a model runs.
        var env = new Dictionary<string, string?> { ["TACO_EXECUTION_PROVIDER"] = source == "env" ? "cuda" : null };
        if (source == "file")
        {
            File.WriteAllText(Path.Combine(Work, "taco.json"), """{"execution-provider": "cuda"}""");
        }

        // With the default OCR engine, auto: it must not fall back to Tesseract over a provider that was asked for.
        env["TACO_OCR_ENGINE"] = null;
        string[] args = ["ask", Board, "What does diesel cost?", .. source == "cli" ? new[] { "--execution-provider", "cuda" } : []];
        var (code, output, error) = CliRunner.ChildProcessIn(Work, Environment(env), args);
        Assert.Equal(ExitCodes.MissingDependency, code);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("taco: " + named, line, StringComparison.Ordinal);
        Assert.Contains("execution provider 'cuda' is not in ONNX Runtime 1.32.0", line, StringComparison.Ordinal);
        Assert.Contains("it has CPUExecutionProvider (--execution-provider cpu)", line, StringComparison.Ordinal);
        Assert.Contains("-p:TacoOnnxRuntime=gpu", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_names_the_execution_provider_that_runs_and_cpu_is_accepted_by_any_spelling()
    {
        var env = Environment(new() { ["TACO_EXECUTION_PROVIDER"] = "CPUExecutionProvider" });
        var (code, output, _) = CliRunner.ChildProcessIn(Work, env, "--execution-provider", "Cpu", "doctor");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("providers: CPUExecutionProvider; runs on CPUExecutionProvider", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_shows_which_config_file_was_used()
    {
        File.WriteAllText(Path.Combine(Xdg, "taco", "taco.json"), """{"model": "m", "seed": 4}""");
        var (_, output, error) = CliRunner.ChildProcessIn(Work, Environment(), "doctor");
        Assert.Contains($"config: {Path.Combine(Xdg, "taco", "taco.json")} (sets model, seed)", output, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(Work, "taco.json"), "{");
        var (code, broken, _) = CliRunner.ChildProcessIn(Work, Environment(), "doctor");
        Assert.Contains("FAIL config: " + Path.Combine(Work, "taco.json") + " is not valid JSON", broken, StringComparison.Ordinal);
        Assert.True(code is ExitCodes.BadInput or ExitCodes.MissingDependency, error);
    }

    [Fact]
    public void Lookup_reads_the_environment_first_then_the_file()
    {
        File.WriteAllText(Path.Combine(Work, "taco.json"), """{"tools": ["OCR", "Calculate"], "json": true, "temperature": 0.5, "trace-dir": "traces"}""");
        var env = new Dictionary<string, string?> { ["XDG_CONFIG_HOME"] = Xdg, ["TACO_TEMPERATURE"] = "0.7" };
        var config = TacoConfig.Load(Work, k => env.GetValueOrDefault(k));
        Assert.Equal(Path.Combine(Work, "taco.json"), config.Path);
        Assert.Equal(("OCR,Calculate", $"\"tools\" in {config.Path}"), config.Lookup("--tools"));
        Assert.Equal(("true", $"\"json\" in {config.Path}"), config.Lookup("json"));
        Assert.Equal(("0.7", "$TACO_TEMPERATURE"), config.Lookup("temperature"));
        Assert.Equal(Path.Combine(Work, "traces"), config.Lookup("trace-dir", isPath: true)!.Value.Text);
        Assert.Null(config.Lookup("seed"));
        Assert.Equal("TACO_MAX_NEW_TOKENS", TacoConfig.VariableName("--max-new-tokens"));
    }

    [Fact]
    public void Search_paths_honour_xdg_config_home_and_fall_back_to_home_config()
    {
        Assert.Equal(["/w/taco.json", "/x/taco/taco.json"], TacoConfig.SearchPaths("/w", k => k == "XDG_CONFIG_HOME" ? "/x" : k == "HOME" ? "/h" : null));
        Assert.Equal(["/w/taco.json", "/h/.config/taco/taco.json"], TacoConfig.SearchPaths("/w", k => k == "HOME" ? "/h" : null));
        // The XDG spec ignores a relative XDG_CONFIG_HOME.
        Assert.Equal(["/w/taco.json", "/h/.config/taco/taco.json"], TacoConfig.SearchPaths("/w", k => k == "XDG_CONFIG_HOME" ? "rel" : k == "HOME" ? "/h" : null));
        Assert.Null(TacoConfig.Load(Work, k => k == "XDG_CONFIG_HOME" ? Xdg : null).Path);
    }

    private Dictionary<string, string?> Environment(Dictionary<string, string?>? extra = null)
    {
        var env = new Dictionary<string, string?>
        {
            ["XDG_CONFIG_HOME"] = Xdg,
            ["TACO_MODEL"] = null,
            ["TACO_MAX_STEPS"] = null,
            ["TACO_SEED"] = null,
            ["TACO_TEMPERATURE"] = null,
            ["TACO_TOOLS"] = null,
            ["TACO_EXECUTION_PROVIDER"] = null,
        };
        foreach (var (k, v) in extra ?? [])
        {
            env[k] = v;
        }

        return env;
    }

    private (int ExitCode, string Output, string Error) Ask(Dictionary<string, string?>? env = null, params string[] extra) =>
        CliRunner.ChildProcessIn(Work, Environment(env), ["ask", Board, "What does diesel cost?", "--ocr-engine", "tesseract", .. extra]);
}
