using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Taco.Cli.Tests;

/// <summary>A batch killed with SIGKILL (no chance to clean up) loses nothing it finished, and --resume completes it.</summary>
public sealed class BatchKillTests : IDisposable
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
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var deadline = Stopwatch.StartNew();
        while (CompleteLines(output).Length < 3 && !process.HasExited && deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(20);
        }

        Assert.False(process.HasExited, $"taco batch ended (exit {(process.HasExited ? process.ExitCode : 0)}) with its gate closed: {(process.HasExited ? await stderr : string.Empty)}");
        Assert.True(CompleteLines(output).Length >= 3, "taco batch wrote fewer than 3 lines in 5 minutes");

        using (var kill = Process.Start("kill", ["-9", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "taco did not die after SIGKILL");
        process.WaitForExit();
        Assert.Equal(128 + 9, process.ExitCode);
        _ = await stdout;
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
