namespace Taco.Cli.Tests;

/// <summary>
/// Ordinary input and disk problems are one line and a documented exit code (2 BadInput, 74 IoError),
/// found before a model loads or an item runs; never 70 ("a bug in taco") and never silence.
/// /sys stands for a folder nobody may write (root included), /dev/full for a full disk.
/// </summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly BatchFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private static string Unwritable(string name) => Path.Combine("/sys", $"taco-test-{name}-{Guid.NewGuid():N}");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Ask_with_an_empty_question_is_bad_input(string question)
    {
        var (code, output, error) = CliRunner.InProcess(["ask", BatchFixture.Board, question, .. BatchFixture.Model()]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("taco: the question is empty; ask something, e.g. taco ask photo.jpg \"What is the total?\".\n", error.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void Ask_with_a_trace_dir_that_cannot_be_made_is_an_io_error_before_the_model_loads()
    {
        var traceDir = Unwritable("trace");
        var (code, _, error) = CliRunner.InProcess(["ask", BatchFixture.Board, "What is it?", "--trace-dir", traceDir, "--verbose", .. BatchFixture.Model()]);

        Assert.Equal(ExitCodes.IoError, code);
        Assert.StartsWith($"taco: --trace-dir {traceDir} cannot be written: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("onnxruntime", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Ask_with_a_trace_dir_that_is_a_file_is_bad_input()
    {
        var file = Path.Combine(_fixture.Root, "taken");
        File.WriteAllText(file, "keep me");
        var (code, _, error) = CliRunner.InProcess(["ask", BatchFixture.Board, "What is it?", "--trace-dir", file, .. BatchFixture.Model()]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"taco: --trace-dir {file} is a file; give a folder.\n", error.ReplaceLineEndings("\n"));
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Fact]
    public void Batch_with_an_unwritable_trace_dir_stops_before_the_first_item()
    {
        var items = _fixture.Items(2);
        var output = Path.Combine(_fixture.Root, "out.jsonl");
        var traceDir = Unwritable("batch-trace");

        var (code, _, error) = CliRunner.InProcess(["batch", items, "-o", output, "--trace-dir", traceDir, .. BatchFixture.Model()]);

        Assert.Equal(ExitCodes.IoError, code);
        Assert.StartsWith($"taco: --trace-dir {traceDir} cannot be written: ", error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Batch_output_on_a_full_disk_is_an_io_error_naming_the_file()
    {
        var items = _fixture.Items(1);

        var (code, _, error) = CliRunner.InProcess(["batch", items, "-o", "/dev/full", "--overwrite", .. BatchFixture.Model()]);

        Assert.Equal(ExitCodes.IoError, code);
        Assert.StartsWith("taco: the output /dev/full cannot be written: ", error.Trim().Split('\n')[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_with_a_report_dir_that_is_a_file_is_bad_input()
    {
        var items = _fixture.Items(1, extra: _ => new() { ["answer"] = "x" });
        var file = Path.Combine(_fixture.Root, "report");
        File.WriteAllText(file, "keep me");

        var (code, _, error) = CliRunner.InProcess(["eval", items, "--report-dir", file, .. BatchFixture.Model()]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"taco: --report-dir {file} is a file; give a folder.\n", error.ReplaceLineEndings("\n"));
        Assert.Equal("keep me", File.ReadAllText(file));
    }

    [Fact]
    public void Eval_with_a_report_dir_that_cannot_be_made_is_an_io_error()
    {
        var items = _fixture.Items(1, extra: _ => new() { ["answer"] = "x" });
        var reportDir = Unwritable("report");

        var (code, _, error) = CliRunner.InProcess(["eval", items, "--report-dir", reportDir, .. BatchFixture.Model()]);

        Assert.Equal(ExitCodes.IoError, code);
        Assert.StartsWith($"taco: --report-dir {reportDir} cannot be written: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("batch", "items.jsonl")]
    [InlineData("eval", "items.jsonl")]
    [InlineData("replay", "trace.jsonl")]
    public void An_input_file_that_cannot_be_read_is_bad_input_naming_it(string command, string name)
    {
        // Tests run as root, who may read any file: /proc/self/mem is one that fails to read for anyone
        // (its first page is not mapped: EIO), reached through a link with the name the command expects.
        var input = Path.Combine(_fixture.Root, name);
        File.CreateSymbolicLink(input, "/proc/self/mem");

        var (code, output, error) = CliRunner.InProcess([command, input, .. command == "replay" ? Array.Empty<string>() : BatchFixture.Model()]);

        Assert.True(code == ExitCodes.BadInput, $"exit {code}: {error}");
        Assert.StartsWith($"taco: {input} cannot be read: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void Tools_run_with_an_out_file_that_cannot_be_written_is_an_io_error()
    {
        var outFile = Unwritable("crop") + ".png";

        var (code, _, error) = CliRunner.InProcess("tools", "run", "Crop", BatchFixture.Board, "--arg", "bbox=[0,0,0.5,0.5]", "--out", outFile);

        Assert.True(code == ExitCodes.IoError, $"exit {code}: {error}");
        Assert.StartsWith($"taco: cannot write {outFile}: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(outFile));
    }

    [Theory]
    [InlineData("http://example.com/board.png")]
    [InlineData("https://example.com/board.png")]
    public void Ask_with_an_image_url_is_bad_input_saying_urls_are_not_fetched(string url)
    {
        var (code, output, error) = CliRunner.InProcess(["ask", url, "What is it?", .. BatchFixture.Model()]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"taco: ask: \"{url}\" is a URL; taco reads local image files and fetches nothing, so download it first.\n", error.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void A_log_file_that_is_a_folder_is_bad_input()
    {
        var (code, output, error) = CliRunner.InProcess("tools", "list", "--log-file", _fixture.Root);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"taco: --log-file {_fixture.Root} is a folder; give a file name.\n", error.ReplaceLineEndings("\n"));
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void A_log_file_that_cannot_be_written_is_an_io_error()
    {
        var logFile = Unwritable("log") + ".log";
        var (code, _, error) = CliRunner.InProcess("tools", "list", "--log-file", logFile);

        Assert.Equal(ExitCodes.IoError, code);
        Assert.StartsWith($"taco: --log-file {logFile} cannot be written: ", error, StringComparison.Ordinal);
    }
}
