using System.Text.Json;
using Taco.Cli.Commands;
using Taco.Cli.Infrastructure;

namespace Taco.Cli.Tests;

/// <summary>
/// taco batch over the tiny random model and the real tools: the answers are arbitrary, so these
/// tests pin what batch promises — one line per item, resumable, concurrent, sharded, failures
/// recorded — never what the model says.
/// </summary>
public sealed class BatchCommandTests : IDisposable
{
    private readonly BatchFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void A_folder_gets_one_line_per_image_next_to_it_and_a_bad_image_is_recorded_not_fatal()
    {
        var folder = _fixture.Folder(3);
        File.WriteAllText(Path.Combine(folder, "broken.png"), "not an image");
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not an image either, and not a .png");

        var (code, output, error) = CliRunner.InProcess(["batch", folder, "--question", "What is this?", .. BatchFixture.Model()]);

        Assert.True(code == ExitCodes.ItemsFailed, $"exit {code}: {error}");
        Assert.Equal(string.Empty, output);
        var outputPath = Path.Combine(_fixture.Root, "images.answers.jsonl");
        var lines = BatchFixture.ReadResults(outputPath);
        Assert.Equal(["broken.png", "img-00.png", "img-01.png", "img-02.png"], lines.Select(l => l.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        var broken = lines.Single(l => l.GetProperty("id").GetString() == "broken.png");
        Assert.Equal("failed", broken.GetProperty("status").GetString());
        Assert.Contains("broken.png", broken.GetProperty("error").GetString(), StringComparison.Ordinal);
        foreach (var line in lines.Where(l => l.GetProperty("id").GetString() != "broken.png"))
        {
            Assert.Contains(line.GetProperty("status").GetString(), new[] { "answered", "no_answer" });
            Assert.Equal("What is this?", line.GetProperty("question").GetString());
            Assert.InRange(line.GetProperty("steps").GetInt32(), 1, 2);
        }

        Assert.Equal(3, lines.Count(l => l.GetProperty("status").GetString() is "answered" or "no_answer"));
        Assert.Contains("1 failed", error, StringComparison.Ordinal);
        Assert.Contains("[4/4]", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_a_question_is_bad_input()
    {
        var folder = _fixture.Folder(1);
        var (code, _, error) = CliRunner.InProcess(["batch", folder, .. BatchFixture.Model()]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"taco: {folder} is a folder of images: pass the question with --question \"…\".\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_input_without_items_is_bad_input_before_a_model_loads()
    {
        var folder = Path.Combine(_fixture.Root, "empty");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "no images here");
        var (code, _, error) = CliRunner.InProcess(["batch", folder, "-q", "What is this?", "--model", Path.Combine(_fixture.Root, "no-such-model")]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"taco: {folder} has no image files (.png, .jpg, .webp, …); nothing to answer.\n", error.ReplaceLineEndings("\n"));

        var items = Path.Combine(_fixture.Root, "none.jsonl");
        File.WriteAllText(items, "\n");
        (code, _, error) = CliRunner.InProcess(["batch", items, "--model", Path.Combine(_fixture.Root, "no-such-model")]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("has no items; nothing to answer.", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_fixture.Root, "none.answers.jsonl")));
    }

    [Theory]
    [InlineData("{\"id\": \"a\", \"image\": \"x.png\", \"question\": \"q\"}\n{\"id\": \"b\", \"image\": ", "items.jsonl:2 is not valid JSON")]
    [InlineData("{\"id\": \"a\", \"question\": \"q\"}", "items.jsonl:1 has no \"image\"")]
    [InlineData("{\"id\": \"a\", \"image\": \"x.png\"}", "items.jsonl:1 has no question")]
    [InlineData("{\"id\": \"a\", \"image\": \"x.png\", \"question\": \"q\"}\n{\"id\": \"a\", \"image\": \"y.png\", \"question\": \"q\"}", "the id \"a\" appears 2 times")]
    [InlineData("[1, 2]", "items.jsonl:1 must be a JSON object")]
    [InlineData("{\"id\": \"a\", \"image\": \"\", \"question\": \"q\"}", "items.jsonl:1: an image name is empty.")]
    [InlineData("{\"id\": \"a\", \"images\": [\"x.png\", \"https://example.com/x.png\"], \"question\": \"q\"}", "items.jsonl:1: \"https://example.com/x.png\" is a URL; taco reads local image files and fetches nothing")]
    [InlineData("{\"id\": \"s\", \"image\": \"x.png\", \"question\": \"q\\ud800\"}", "items.jsonl:1 has a string that is not valid text")]
    [InlineData("{\"id\": \"\\udc00\", \"image\": \"x.png\", \"question\": \"q\"}", "items.jsonl:1 has a string that is not valid text")]
    [InlineData("{\"id\": \"s\", \"image\": \"x.png\", \"question\": \"q\", \"note\\ud800\": [\"ok\"]}", "items.jsonl:1 has a string that is not valid text")]
    [InlineData("{\"id\": \"s\", \"image\": \"x.png\", \"question\": \"q\", \"notes\": [{\"a\": \"\\ud800\"}]}", "items.jsonl:1 has a string that is not valid text")]
    public void A_malformed_item_file_is_one_line_of_bad_input_before_any_work(string content, string expected)
    {
        var path = Path.Combine(_fixture.Root, "items.jsonl");
        File.WriteAllText(path, content);
        var (code, _, error) = CliRunner.InProcess(["batch", path, .. BatchFixture.Model()]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(Path.Combine(_fixture.Root, "items.answers.jsonl")));
    }

    [Fact]
    public void A_csv_file_gives_each_row_its_images_and_question()
    {
        var a = Path.GetFileName(_fixture.Image(0));
        var b = Path.GetFileName(_fixture.Image(1));
        var csv = Path.Combine(_fixture.Root, "images", "items.csv");
        File.WriteAllText(csv, $"id,images,question\r\nboth,{a};{b},\"Which is cheaper, A or B?\"\r\nquoted,{a},\"He said \"\"hi\"\"\nthen left\"\r\n");

        var (code, _, error) = CliRunner.InProcess(["batch", csv, .. BatchFixture.Model(maxSteps: 1)]);

        Assert.True(code == ExitCodes.Success, $"exit {code}: {error}");
        var lines = BatchFixture.ReadResults(Path.Combine(_fixture.Root, "images", "items.answers.jsonl")).ToDictionary(l => l.GetProperty("id").GetString()!);
        Assert.Equal("Which is cheaper, A or B?", lines["both"].GetProperty("question").GetString());
        Assert.Equal(2, lines["both"].GetProperty("images").GetArrayLength());
        Assert.Equal("He said \"hi\"\nthen left", lines["quoted"].GetProperty("question").GetString());
    }

    [Fact]
    public void An_existing_output_is_never_overwritten_without_resume_or_overwrite()
    {
        var items = _fixture.Items(2);
        var output = Path.Combine(_fixture.Root, "out.jsonl");
        File.WriteAllText(output, "precious\n");

        var (code, _, error) = CliRunner.InProcess(["batch", items, "--output", output, .. BatchFixture.Model()]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"taco: {output} already exists: pass --resume to continue it or --overwrite to start over.\n", error.ReplaceLineEndings("\n"));
        Assert.Equal("precious\n", File.ReadAllText(output));

        (code, _, error) = CliRunner.InProcess(["batch", items, "--output", output, "--resume", .. BatchFixture.Model()]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains($"{output}:1 is not a taco batch result", error, StringComparison.Ordinal);
        Assert.Equal("precious\n", File.ReadAllText(output));

        (code, _, error) = CliRunner.InProcess(["batch", items, "--output", output, "--overwrite", .. BatchFixture.Model()]);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Equal(2, BatchFixture.ReadResults(output).Count);
    }

    [Fact]
    public void A_model_that_does_not_load_leaves_no_output_so_the_same_run_fails_the_same_way_again()
    {
        var items = _fixture.Items(2);
        var folder = Path.Combine(_fixture.Root, "answers");
        var output = Path.Combine(folder, "out.jsonl");
        string[] run = ["batch", items, "-o", output, "--model", Path.Combine(_fixture.Root, "no-model")];

        var (code, _, error) = CliRunner.InProcess(run);
        Assert.True(code == ExitCodes.ModelError, $"exit {code}: {error}");
        Assert.False(File.Exists(output));
        Assert.False(Directory.Exists(folder));

        var (again, _, againError) = CliRunner.InProcess(run);
        Assert.True(again == ExitCodes.ModelError, $"exit {again}: {againError}");
        Assert.Equal(error, againError);
    }

    [Fact]
    public void Overwrite_empties_the_old_output_only_once_the_model_has_loaded()
    {
        var items = _fixture.Items(2);
        var output = Path.Combine(_fixture.Root, "out.jsonl");
        File.WriteAllText(output, "kept until a run can start\n");

        var (code, _, error) = CliRunner.InProcess("batch", items, "-o", output, "--overwrite", "--model", Path.Combine(_fixture.Root, "no-model"));

        Assert.True(code == ExitCodes.ModelError, $"exit {code}: {error}");
        Assert.Equal("kept until a run can start\n", File.ReadAllText(output));
    }

    [Fact]
    public void An_output_that_cannot_be_made_is_an_io_error_before_the_model_loads()
    {
        var items = _fixture.Items(1);
        // /sys: a folder nobody may write, root included. The model does not exist: 74, not 3, shows the order.
        var output = Path.Combine("/sys", $"taco-test-{Guid.NewGuid():N}", "out.jsonl");

        var (code, _, error) = CliRunner.InProcess("batch", items, "-o", output, "--model", Path.Combine(_fixture.Root, "no-model"));

        Assert.True(code == ExitCodes.IoError, $"exit {code}: {error}");
        Assert.StartsWith($"taco: the output {output} cannot be written: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void Eval_with_a_model_that_does_not_load_leaves_no_predictions_so_the_same_run_fails_the_same_way_again()
    {
        var items = _fixture.Items(1, extra: _ => new() { ["answer"] = "x" });
        var reportDir = Path.Combine(_fixture.Root, "report");
        string[] run = ["eval", items, "--report-dir", reportDir, "--model", Path.Combine(_fixture.Root, "no-model")];

        var (code, _, error) = CliRunner.InProcess(run);
        Assert.True(code == ExitCodes.ModelError, $"exit {code}: {error}");
        Assert.False(File.Exists(Path.Combine(reportDir, EvalCommand.PredictionsFile)));

        var (again, _, againError) = CliRunner.InProcess(run);
        Assert.True(again == ExitCodes.ModelError, $"exit {again}: {againError}");
    }

    [Theory]
    [InlineData("--overwrite")]
    [InlineData("--resume")]
    [InlineData(null)]
    public void The_output_is_never_the_input_file(string? flag)
    {
        var items = _fixture.Items(2);
        var before = File.ReadAllText(items);
        var sameFile = Path.Combine(Path.GetDirectoryName(items)!, ".", Path.GetFileName(items));

        var (code, _, error) = CliRunner.InProcess(["batch", items, "--output", sameFile, .. flag is null ? Array.Empty<string>() : [flag], .. BatchFixture.Model()]);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"taco: the output {items} is the input file; give another --output.\n", error.ReplaceLineEndings("\n"));
        Assert.Equal(before, File.ReadAllText(items));
    }

    [Theory]
    [InlineData("--shard", "3/2", "--shard takes i/n with 1 <= i <= n")]
    [InlineData("--shard", "0/2", "--shard takes i/n")]
    [InlineData("--concurrency", "0", "--concurrency must be at least 1.")]
    [InlineData("--resume", "--overwrite", "pass one of them")]
    [InlineData("--retry-failed", "--overwrite", "--retry-failed continues the output and --overwrite replaces it")]
    public void Bad_batch_options_are_bad_input(string option, string value, string expected)
    {
        var items = _fixture.Items(1);
        var (code, _, error) = CliRunner.InProcess(["batch", items, option, value, .. BatchFixture.Model()]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_drops_a_torn_last_line_and_does_that_item_again()
    {
        var items = _fixture.Items(3);
        var (code, _, error) = CliRunner.InProcess(["batch", items, "-j", "1", .. BatchFixture.Model()]);
        Assert.True(code == ExitCodes.Success, error);
        var output = Path.Combine(_fixture.Root, "items.answers.jsonl");
        var complete = File.ReadAllLines(output);

        // As if killed while writing the second line.
        File.WriteAllText(output, complete[0] + "\n" + complete[1][..(complete[1].Length / 2)]);
        (code, _, error) = CliRunner.InProcess(["batch", items, "--resume", "-j", "1", .. BatchFixture.Model()]);

        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains("1 item(s) already done, 2 to go", error, StringComparison.Ordinal);
        var resumed = File.ReadAllLines(output);
        Assert.Equal(complete[0], resumed[0]);
        Assert.Equal(["item-00", "item-01", "item-02"], BatchFixture.ReadResults(output).Select(l => l.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(Fingerprints(complete), Fingerprints(resumed));
    }

    [Fact]
    public void Retry_failed_runs_the_failed_items_again_and_keeps_the_rest_as_they_were()
    {
        var folder = _fixture.Folder(2);
        var broken = Path.Combine(folder, "broken.png");
        File.WriteAllText(broken, "not an image");
        var output = Path.Combine(_fixture.Root, "images.answers.jsonl");
        var (code, _, error) = CliRunner.InProcess(["batch", folder, "-q", "What is this?", "-j", "1", .. BatchFixture.Model()]);
        Assert.True(code == ExitCodes.ItemsFailed, $"exit {code}: {error}");
        var first = File.ReadAllLines(output);

        // --resume alone keeps the failure: nothing to do, still exit 7.
        (code, _, error) = CliRunner.InProcess(["batch", folder, "-q", "What is this?", "--resume", .. BatchFixture.Model()]);
        Assert.True(code == ExitCodes.ItemsFailed, $"exit {code}: {error}");
        Assert.Equal(first, File.ReadAllLines(output));

        // The image is mended; --retry-failed answers it and leaves the two good lines byte for byte.
        File.Copy(BatchFixture.Board, broken, overwrite: true);
        (code, _, error) = CliRunner.InProcess(["batch", folder, "-q", "What is this?", "--retry-failed", .. BatchFixture.Model()]);
        Assert.True(code == ExitCodes.Success, $"exit {code}: {error}");
        Assert.Contains("2 item(s) already done, 1 to go", error, StringComparison.Ordinal);
        var after = File.ReadAllLines(output);
        Assert.Equal(first.Where(l => !l.Contains("\"broken.png\"", StringComparison.Ordinal)), after.Take(2));
        var retried = BatchFixture.ReadResults(output).Single(l => l.GetProperty("id").GetString() == "broken.png");
        Assert.Contains(retried.GetProperty("status").GetString(), new[] { "answered", "no_answer" });
        Assert.False(File.Exists(output + ".retry-tmp"));
    }

    [Fact]
    public void Two_workers_give_the_same_answers_and_model_texts_as_one()
    {
        var items = _fixture.Items(4);
        var one = Path.Combine(_fixture.Root, "one.jsonl");
        var two = Path.Combine(_fixture.Root, "two.jsonl");
        var (code1, _, error1) = CliRunner.InProcess(["batch", items, "-j", "1", "-o", one, "--trace-dir", Path.Combine(_fixture.Root, "t1"), .. BatchFixture.Model(maxSteps: 3, maxNewTokens: 12)]);
        var (code2, _, error2) = CliRunner.InProcess(["batch", items, "-j", "2", "-o", two, "--trace-dir", Path.Combine(_fixture.Root, "t2"), .. BatchFixture.Model(maxSteps: 3, maxNewTokens: 12)]);
        Assert.True(code1 == ExitCodes.Success, error1);
        Assert.True(code2 == ExitCodes.Success, error2);

        Assert.Equal(Fingerprints(File.ReadAllLines(one)), Fingerprints(File.ReadAllLines(two)));
        foreach (var id in new[] { "item-00", "item-01", "item-02", "item-03" })
        {
            Assert.Equal(ModelTexts(Path.Combine(_fixture.Root, "t1", id)), ModelTexts(Path.Combine(_fixture.Root, "t2", id)));
        }

        // The items differ (images and questions), so equal texts are not a model that ignores its input.
        Assert.True(new[] { "item-00", "item-01", "item-02", "item-03" }.Select(id => string.Join("\n", ModelTexts(Path.Combine(_fixture.Root, "t1", id)))).Distinct().Count() > 1);
    }

    [Fact]
    public void Shards_partition_the_items()
    {
        var items = _fixture.Items(7);
        var seen = new List<string>();
        for (var shard = 1; shard <= 3; shard++)
        {
            var (code, _, error) = CliRunner.InProcess(["batch", items, "--shard", $"{shard}/3", .. BatchFixture.Model(maxSteps: 1, maxNewTokens: 4)]);
            Assert.True(code == ExitCodes.Success, error);
            var ids = BatchFixture.ReadResults(Path.Combine(_fixture.Root, $"items.answers.shard-{shard}-of-3.jsonl")).Select(l => l.GetProperty("id").GetString()!).ToList();
            Assert.NotEmpty(ids);
            seen.AddRange(ids);
        }

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"item-{i:00}"), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Shard_selection_is_every_nth_item_and_default_outputs_sit_next_to_the_input()
    {
        Assert.Equal([1, 4, 7], Shard.Parse("2/3").Select(Enumerable.Range(0, 9).ToList()));
        Assert.Equal("/data/photos.answers.jsonl", BatchCommand.DefaultOutput("/data/photos.jsonl", null));
        Assert.Equal("/data/photos.answers.shard-2-of-3.jsonl", BatchCommand.DefaultOutput("/data/photos.csv", new Shard(2, 3)));
        Assert.Equal(_fixture.Root + ".answers.jsonl", BatchCommand.DefaultOutput(_fixture.Root + "/", null));
    }

    [Fact]
    public void Trace_folder_names_are_safe_and_distinct()
    {
        Assert.Equal("item-01", BatchRunner.TraceFolderName("item-01"));
        var a = BatchRunner.TraceFolderName("a/b");
        var b = BatchRunner.TraceFolderName("a:b");
        Assert.StartsWith("a_b-", a, StringComparison.Ordinal);
        Assert.NotEqual(a, b);
        Assert.DoesNotContain("..", BatchRunner.TraceFolderName(".."), StringComparison.Ordinal);
    }

    /// <summary>What must not depend on scheduling: per id, the outcome and the tokens generated.</summary>
    internal static List<string> Fingerprints(IEnumerable<string> lines) =>
        [.. lines.Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(r => string.Join(
                "|",
                r.GetProperty("id").GetString(),
                r.GetProperty("status").GetString(),
                r.TryGetProperty("answer", out var a) ? a.GetString() : "-",
                r.GetProperty("steps").GetInt32(),
                r.GetProperty("generated_tokens").GetInt32(),
                r.GetProperty("prefilled_tokens").GetInt32()))
            .Order(StringComparer.Ordinal)];

    private static List<string> ModelTexts(string traceDir) =>
        [.. File.ReadAllLines(Path.Combine(traceDir, "trace.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(r => r.TryGetProperty("model_text", out _))
            .Select(r => r.GetProperty("model_text").GetString()!)];
}
