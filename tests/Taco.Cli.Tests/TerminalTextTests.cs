using Taco.Cli.Infrastructure;

namespace Taco.Cli.Tests;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("Total: $12.50", "Total: $12.50")]
    [InlineData("two\nlines\tand a tab", "two\nlines\tand a tab")]
    [InlineData("\u001b[2J\u001b]0;pwned\u0007", "\\u001B[2J\\u001B]0;pwned\\u0007")]
    [InlineData("csi\u009b31m del\u007f cr\r", "csi\\u009B31m del\\u007F cr\\u000D")]
    [InlineData("", "")]
    public void Control_characters_but_line_feed_and_tab_are_written_as_escapes(string text, string expected) =>
        Assert.Equal(expected, TerminalText.Safe(text));

    [Fact]
    public void Eval_prints_an_item_files_category_without_its_escape_sequences()
    {
        using var fixture = new BatchFixture();
        var items = fixture.Items(1, extra: _ => new() { ["answer"] = "red", ["category"] = "\u001b[31mred\u001b[0m" });
        var (_, output, error) = CliRunner.InProcess(["eval", items, "--report-dir", Path.Combine(fixture.Root, "report"), .. BatchFixture.Model()]);
        Assert.DoesNotContain('\u001b', output + error);
        Assert.Contains("\\u001B[31mred\\u001B[0m: ", output, StringComparison.Ordinal);
    }
}
