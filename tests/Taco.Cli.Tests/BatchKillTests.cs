using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Taco.Cli.Tests;

/// <summary>A batch killed with SIGKILL (no chance to clean up) loses nothing it finished, and --resume completes it.</summary>
public sealed partial class BatchKillTests : IDisposable
{
    private const int Items = 24;
    private readonly BatchFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Kill_9_in_the_middle_then_resume_gives_every_item_exactly_once_and_keeps_finished_lines()
    {
        var items = _fixture.Items(Items);
        var output = Path.Combine(_fixture.Root, "out.jsonl");
        // The gate: the first item's image is a FIFO nobody writes to, so its worker blocks reading it and
        // the run cannot finish, however fast the other worker answers the rest. It is fed only on resume.
        var gate = Path.Combine(_fixture.Root, "images", "img-00.png");
        File.Delete(gate);
        Fifo.Make(gate);
        string[] args = ["batch", items, "-o", output, "-j", "2", .. BatchFixture.Model(maxSteps: 4, maxNewTokens: 40)];

        using var process = Process.Start(CliRunner.StartInfo(null, null, args))!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        // Off a terminal, batch reports each finished item as "[n/24] id status" on standard error, after the
        // item's line is in the output file; the third such report is the point to kill at. No clock, no polling.
        var seen = new StringBuilder();
        var finished = 0;
        while (finished < 3 && await process.StandardError.ReadLineAsync() is { } line)
        {
            seen.AppendLine(line);
            finished += ProgressLine().IsMatch(line) ? 1 : 0;
        }

        Assert.True(finished == 3, $"taco batch ended with its gate closed after {finished} items: {seen}");
        Assert.False(process.HasExited, $"taco batch ended (exit {(process.HasExited ? process.ExitCode : 0)}) with its gate closed: {seen}");
        var stderr = process.StandardError.ReadToEndAsync();

        using (var kill = Process.Start("kill", ["-9", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        await process.WaitForExitAsync();
        Assert.Equal(128 + 9, process.ExitCode);
        _ = await stdout;
        _ = await stderr;
        var beforeKill = CompleteLines(output);
        Assert.InRange(beforeKill.Length, 3, Items - 1);
        Assert.DoesNotContain(beforeKill, l => l.Contains("\"item-00\"", StringComparison.Ordinal));
        foreach (var line in beforeKill)
        {
            using var _ = JsonDocument.Parse(line); // every finished line is whole JSON
        }

        File.Delete(gate);
        File.Copy(BatchFixture.Board, gate);
        var (code, _, error) = CliRunner.InProcess([.. args, "--resume"]);

        Assert.True(code == ExitCodes.Success, $"exit {code}: {error}");
        var after = File.ReadAllLines(output);
        var ids = after.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToList();
        Assert.Equal(Enumerable.Range(0, Items).Select(i => $"item-{i:00}"), ids.Order(StringComparer.Ordinal));
        foreach (var line in beforeKill)
        {
            Assert.Contains(line, after);
        }
    }

    [GeneratedRegex(@"^\[\d+/24\] item-\d\d ")]
    private static partial Regex ProgressLine();

    /// <summary>The lines that end in a newline (a line being written when the process died is not one).</summary>
    private static string[] CompleteLines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        string text;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var reader = new StreamReader(stream))
        {
            text = reader.ReadToEnd();
        }

        var end = text.LastIndexOf('\n');
        return end < 0 ? [] : text[..end].Split('\n');
    }
}
