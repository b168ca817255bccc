using System.CommandLine;
using System.Reflection;
using Taco.Cli.Infrastructure;

namespace Taco.Cli.Tests;

/// <summary>The options ask, batch and eval share: listed once, explicitly, and read without guessing at exception text.</summary>
public sealed class AgentRunOptionsTests
{
    [Fact]
    public void Every_shared_option_is_listed_once_and_ask_batch_and_eval_offer_them_in_that_order()
    {
        var declared = typeof(AgentRunOptions).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => typeof(Option).IsAssignableFrom(p.PropertyType))
            .Select(p => (Option)p.GetValue(null)!)
            .ToHashSet();

        Assert.Equal(declared.Count, AgentRunOptions.All.Count);
        Assert.True(declared.SetEquals(AgentRunOptions.All), "an option of AgentRunOptions is missing from AgentRunOptions.All");
        var root = TacoApp.CreateRootCommand();
        foreach (var name in new[] { "ask", "batch", "eval" })
        {
            var command = root.Subcommands.Single(c => c.Name == name);
            Assert.Equal(AgentRunOptions.All, command.Options.Where(declared.Contains));
        }
    }

    [Fact]
    public void An_unknown_dtype_is_one_line_naming_the_known_ones()
    {
        var (code, output, error) = CliRunner.InProcess("ask", BatchFixture.Board, "What does diesel cost?", "--model", BatchFixture.TinyLlava, "--dtype", "fp8");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal("taco: Unknown dtype \"fp8\"; known: fp32, fp16, q8 (quantized), q4, q4f16.\n", error.ReplaceLineEndings("\n"));
    }
}
