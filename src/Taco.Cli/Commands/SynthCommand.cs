using System.CommandLine;
using Taco.Agent.Protocol;
using Taco.Cli.Infrastructure;

namespace Taco.Cli.Commands;

/// <summary>
/// <c>taco synth &lt;items.jsonl&gt; -o &lt;out.jsonl&gt;</c>: runs each item's plan through the real agent
/// loop and tools and writes the conversations whose observations support the plan and whose answer
/// is the gold one (docs/synth.md).
/// </summary>
internal static class SynthCommand
{
    private static readonly Argument<string> Input = new("items")
    {
        Description = "A .jsonl file of items with plans (docs/synth.md).",
    };

    private static readonly Option<FileInfo> Output = new("--output", "-o")
    {
        Description = "The conversations, one JSON line per kept trace; tool-made images go to <output stem>.images/ and the report to <output>.report.json.",
        Required = true,
    };

    private static readonly Option<string> Profile = CreateProfileOption();

    private static readonly Option<int?> Concurrency = new("--concurrency", "-j")
    {
        Description = "Items run at once, sharing the tools (default: the number of cores; OCR is the slow part).",
    };

    public static Command Create()
    {
        var command = new Command("synth", "Turn items with plans into tool-verified TACO conversations for training (docs/synth.md).");
        command.Arguments.Add(Input);
        foreach (var option in new Option[] { Output, Profile, Concurrency, BatchCommand.Overwrite })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => RunAsync(parse, ct));
        return command;
    }

    private static Option<string> CreateProfileOption()
    {
        var option = new Option<string>("--profile")
        {
            Description = "The protocol profile the conversations are written in: taco (TACO's texts) or taco-tiny (OCR shows its regions' boxes).",
            DefaultValueFactory = _ => ProtocolProfile.Taco.Name,
        };
        option.AcceptOnlyFromAmong([.. ProtocolProfile.All.Select(p => p.Name)]);
        return option;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var context = TacoApp.CreateContext(parse);
        var run = SynthRun.Prepare(
            parse.GetValue(Input)!,
            parse.GetValue(Output)!.FullName,
            ProtocolProfile.Named(parse.GetValue(Profile)!),
            parse.GetValue(BatchCommand.Overwrite));
        var concurrency = parse.GetValue(Concurrency) switch
        {
            null => Environment.ProcessorCount,
            < 1 => throw new CliException(ExitCodes.BadInput, "--concurrency must be at least 1."),
            var n => n.Value,
        };
        var tools = CliTools.CreateRegistry(context);
        return await run.ExecuteAsync(tools, concurrency, context.Error, BatchProgress.IsTerminal(context.Error), cancellationToken).ConfigureAwait(false);
    }
}
