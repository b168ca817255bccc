using System.CommandLine;
using System.CommandLine.Invocation;
using Taco.Cli.Commands;
using Taco.Cli.Infrastructure;
using Taco.Imaging;
using Taco.Inference.Models;
using Taco.Onnx;

namespace Taco.Cli;

/// <summary>The command tree and the one place where errors become a line of text and an exit code.</summary>
public static partial class TacoApp
{
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("taco — answers questions about local images with a vision-language model that calls tools (OCR, depth, calculator, crop, zoom).");
        root.Options.Add(GlobalOptions.Verbose);
        root.Options.Add(GlobalOptions.LogFile);
        root.Options.Add(GlobalOptions.OrtLibrary);
        root.Options.Add(GlobalOptions.ExecutionProvider);
        root.Options.Add(GlobalOptions.OcrEngine);
        root.Options.Add(GlobalOptions.DepthModel);
        root.Subcommands.Add(AskCommand.Create());
        root.Subcommands.Add(BatchCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(SynthCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        root.Subcommands.Add(ToolsCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        return root;
    }

    /// <summary>Runs taco with the given streams (tests pass string writers).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var parse = CreateRootCommand().Parse(args);
            // No ProcessTerminationTimeout: Ctrl-C is taco's to handle (TerminationSignals), never a forced 130.
            var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
            if (parse.Errors.Count > 0)
            {
                foreach (var message in ParseErrorMessages(parse.Errors.Select(e => e.Message).ToList()))
                {
                    error.WriteLine($"taco: {message}");
                }

                error.WriteLine("Run 'taco --help' for usage.");
                return ExitCodes.BadInput;
            }

            if (parse.Action is not AsynchronousCommandLineAction)
            {
                // A quick command that takes no token: Ctrl-C ends it as the runtime does.
                return parse.Invoke(config);
            }

            using var signals = new TerminationSignals();
            return parse.InvokeAsync(config, signals.Token).GetAwaiter().GetResult();
        }
        catch (CliException e)
        {
            error.WriteLine($"taco: {e.Message}");
            return e.ExitCode;
        }
        catch (OrtLibraryNotFoundException e)
        {
            error.WriteLine($"taco: {e.Message}");
            return ExitCodes.MissingDependency;
        }
        catch (ModelLoadException e)
        {
            error.WriteLine($"taco: {e.Message}");
            return ExitCodes.ModelError;
        }
        catch (ImageDecodeException e)
        {
            error.WriteLine($"taco: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // .NET's messages name the path and the cause ("No space left on device : '/data/out.jsonl'").
            error.WriteLine($"taco: {e.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.IoError;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("taco: cancelled");
            return ExitCodes.Cancelled;
        }
#pragma warning disable CA1031 // the documented exit code for a bug, instead of a crash with a stack trace
        catch (Exception e)
#pragma warning restore CA1031
        {
            error.WriteLine($"taco: internal error ({e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}); this is a bug in taco, please report it.");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// The parser's messages in words a user knows: a value's expected type is named ("an integer", not
    /// <c>System.Nullable`1[System.Int32]</c>), and "Required command was not provided." goes when the
    /// real problem, an unknown command, is reported too.
    /// </summary>
    internal static IEnumerable<string> ParseErrorMessages(IReadOnlyList<string> messages)
    {
        var unknown = messages.Any(m => m.StartsWith("Unrecognized command or argument", StringComparison.Ordinal));
        foreach (var message in messages)
        {
            if (unknown && message.StartsWith("Required command was not provided", StringComparison.Ordinal))
            {
                continue;
            }

            var typed = ExpectedType().Match(message);
            yield return typed.Success
                ? $"{typed.Groups["target"].Value} takes {Kind(typed.Groups["type"].Value)}, not '{typed.Groups["value"].Value}'."
                : message;
        }
    }

    private static string Kind(string typeName) => typeName switch
    {
        _ when typeName.Contains("Int32", StringComparison.Ordinal) || typeName.Contains("Int64", StringComparison.Ordinal) => "an integer",
        _ when typeName.Contains("Double", StringComparison.Ordinal) || typeName.Contains("Single", StringComparison.Ordinal) || typeName.Contains("Decimal", StringComparison.Ordinal) => "a number",
        _ when typeName.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ => "a value of another kind",
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (?:option|argument|command) '(?<target>[^']*)' as expected type '(?<type>[^']*)'\.?$", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex ExpectedType();

    /// <summary>
    /// The command's surroundings, writing to the streams of the invocation that runs it (<see cref="Run"/>'s, or
    /// System.CommandLine's console defaults for a parse invoked without its own).
    /// </summary>
    internal static CliContext CreateContext(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
    }
}
