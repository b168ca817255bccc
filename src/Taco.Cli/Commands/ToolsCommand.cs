using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using Taco.Agent.Images;
using Taco.Agent.Protocol;
using Taco.Agent.Runs;
using Taco.Cli.Infrastructure;
using Taco.Imaging;
using Taco.Tools;
using Taco.Tools.Depth;

namespace Taco.Cli.Commands;

/// <summary>
/// <c>taco tools list</c> and <c>taco tools run</c>: try one tool alone, seeing exactly the
/// observation a model would see (or the full result as JSON).
/// </summary>
internal static class ToolsCommand
{
    private static readonly Option<bool> ListJson = new("--json") { Description = "Print the tools as one JSON array." };

    private static readonly Argument<string> ToolName = new("name") { Description = "The tool to run (see 'taco tools list')." };

    private static readonly Argument<FileInfo?> Image = new("image")
    {
        Description = "An image file; it becomes image-0 for the tool's image arguments.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<string[]> Args = new("--arg", "-a")
    {
        Description = "A tool argument as key=value (repeatable), e.g. --arg expression=\"50/3.65\". An image argument defaults to image-0.",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<bool> RunJson = new("--json") { Description = "Print the full result (including fields models are not shown) as one JSON object." };

    private static readonly Option<FileInfo?> Out = new("--out", "-o")
    {
        Description = "Where to save the image the tool makes (.png or .jpg; default: <image>-<tool>.png in the current directory). For EstimateRegionDepth: save the colour depth map here.",
    };

    public static Command Create()
    {
        var command = new Command("tools", "List the tools a model can call, or run one by hand.");
        var list = new Command("list", "List the tools with their descriptions and arguments.");
        list.Options.Add(ListJson);
        list.SetAction(List);

        var run = new Command("run", "Run one tool and print the observation exactly as a model would see it.");
        run.Arguments.Add(ToolName);
        run.Arguments.Add(Image);
        run.Options.Add(Args);
        run.Options.Add(RunJson);
        run.Options.Add(Out);
        run.SetAction((parse, ct) => RunAsync(parse, ct));

        command.Subcommands.Add(list);
        command.Subcommands.Add(run);
        return command;
    }

    private static int List(ParseResult parse)
    {
        using var context = TacoApp.CreateContext(parse);
        var tools = CliTools.CreateRegistry(context).Tools.Select(t => t.Descriptor).ToList();
        if (parse.GetValue(ListJson))
        {
            var payload = tools.Select(t => new
            {
                name = t.Name,
                description = t.Description,
                arguments = t.Arguments.Select(a => new { name = a.Name, type = a.Type.ToString().ToLowerInvariant(), required = a.Required, description = a.Description }),
                returns = t.Returns.Select(r => new { name = r.Name, type = r.Type, description = r.Description }),
            });
            context.Output.WriteLine(JsonSerializer.Serialize(payload, CliJson.Options));
            return ExitCodes.Success;
        }

        foreach (var tool in tools)
        {
            context.Console.MarkupLine($"[bold]{Markup.Escape(tool.Name)}[/]: {Markup.Escape(tool.Description)}");
            foreach (var a in tool.Arguments)
            {
                var kind = a.Type.ToString().ToLowerInvariant() + (a.Required ? string.Empty : ", optional");
                context.Console.MarkupLine($"  {Markup.Escape(a.Name)} ({Markup.Escape(kind)}): {Markup.Escape(a.Description)}");
            }

            foreach (var r in tool.Returns)
            {
                context.Console.MarkupLine($"  returns {Markup.Escape(r.Name)} ({Markup.Escape(r.Type)}): {Markup.Escape(r.Description)}");
            }
        }

        return ExitCodes.Success;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var context = TacoApp.CreateContext(parse);
        var registry = CliTools.CreateRegistry(context);
        var name = parse.GetValue(ToolName)!;
        if (!registry.TryGet(name, out var tool))
        {
            throw new CliException(ExitCodes.BadInput, $"unknown tool '{name}'; the tools are {string.Join(", ", registry.Names)}.");
        }

        var arguments = ParseArguments(parse.GetValue(Args) ?? []);
        var store = new ImageStore();
        if (parse.GetValue(Image) is { } file)
        {
            store.Add(CliImages.Load(file.FullName));
            foreach (var a in tool.Descriptor.Arguments.Where(a => a.Type == ToolArgumentType.Image && a.Required))
            {
                arguments.TryAdd(a.Name, new ImageRef(0).Name);
            }
        }

        var inputFile = parse.GetValue(Image);
        var inputs = new InputFiles();
        if (inputFile is not null)
        {
            inputs.Add(inputFile.FullName, "the input image");
        }

        var outFile = parse.GetValue(Out);
        if (outFile is not null)
        {
            inputs.CheckOutput(outFile.FullName, "give another --out");
        }

        if (tool is EstimateRegionDepthTool && outFile is not null)
        {
            CheckImageExtension(outFile.FullName);
        }

        var inputCount = store.Count;
        var outcome = await registry.InvokeAsync(name, arguments, new ToolContext(store), cancellationToken).ConfigureAwait(false);
        string? depthMapFile = null;
        if (outFile is not null && outcome.Artifacts.FirstOrDefault(a => a.Kind == EstimateRegionDepthTool.MapArtifact) is { } depthMap)
        {
            ImageEncoder.Save(depthMap.Render(), outFile.FullName);
            depthMapFile = outFile.FullName;
        }
        var saved = outcome.Succeeded ? SaveNewImages(store, inputCount, name, inputFile, outFile, inputs) : [];
        if (parse.GetValue(RunJson))
        {
            var payload = new JsonObject
            {
                ["tool"] = name,
                ["ok"] = outcome.Succeeded,
                ["result"] = outcome.Result is { } result ? ToolValueJson.ToNode(result) : null,
                ["observation"] = ProtocolProfile.Taco.RenderObservation(outcome),
            };
            if (outcome.Error is { } e)
            {
                payload["error"] = new JsonObject { ["type"] = e.PythonType, ["message"] = e.Message };
            }

            if (saved.Count > 0)
            {
                payload["images"] = new JsonArray([.. saved.Select(s => (JsonNode)new JsonObject { ["id"] = s.Id, ["file"] = s.File, ["width"] = s.Width, ["height"] = s.Height })]);
            }

            if (depthMapFile is not null)
            {
                payload["depth_map"] = depthMapFile;
            }

            context.Output.WriteLine(payload.ToJsonString(CliJson.Options));
        }
        else
        {
            context.Output.WriteLine(ProtocolProfile.Taco.RenderObservation(outcome));
        }

        foreach (var image in saved)
        {
            context.Error.WriteLine($"taco: saved {image.Id} ({image.Width}×{image.Height}) to {image.File}");
        }

        if (depthMapFile is not null)
        {
            context.Error.WriteLine($"taco: saved the depth map to {depthMapFile}");
        }

        if (outcome.Error is { } error)
        {
            // A tool that could not start (no model, no native library) says so as taco would anywhere else.
            if (Cause<CliException>(error) is { } cli)
            {
                throw cli;
            }

            context.Error.WriteLine($"taco: {name} failed: {error.PythonText}");
            return IsMissingDependency(error) ? ExitCodes.MissingDependency : ExitCodes.BadInput;
        }

        return ExitCodes.Success;
    }

    /// <summary>Writes each image the tool added to the store (ids after the inputs) and returns where.</summary>
    private static List<SavedImage> SaveNewImages(ImageStore store, int inputCount, string toolName, FileInfo? input, FileInfo? outFile, InputFiles inputs)
    {
        var saved = new List<SavedImage>();
        for (var index = inputCount; index < store.Count; index++)
        {
            var id = new ImageRef(index);
            var path = outFile?.FullName ?? Path.GetFullPath($"{(input is null ? "image" : Path.GetFileNameWithoutExtension(input.Name))}-{toolName.ToLowerInvariant()}.png");
            if (store.Count - inputCount > 1)
            {
                path = Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileNameWithoutExtension(path)}-{id.Name}{Path.GetExtension(path)}");
            }

            CheckImageExtension(path);
            inputs.CheckOutput(path, "give another --out");
            var pixels = store.GetPixels(id);
            try
            {
                ImageEncoder.Save(pixels, path);
            }
            catch (IOException e)
            {
                throw new CliException(ExitCodes.IoError, $"cannot write {path}: {e.Message}");
            }
            catch (UnauthorizedAccessException e)
            {
                throw new CliException(ExitCodes.IoError, $"cannot write {path}: {e.Message}");
            }

            saved.Add(new SavedImage(id.Name, path, pixels.Width, pixels.Height));
        }

        return saved;
    }

    private static void CheckImageExtension(string path)
    {
        if (Path.GetExtension(path).ToUpperInvariant() is not (".PNG" or ".JPG" or ".JPEG"))
        {
            throw new CliException(ExitCodes.BadInput, $"--out {path}: use a .png, .jpg or .jpeg file name.");
        }
    }

    private static T? Cause<T>(Exception error)
        where T : Exception
    {
        for (Exception? e = error.InnerException; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    private sealed record SavedImage(string Id, string File, int Width, int Height);

    /// <summary><c>key=value</c> pairs; the value may itself contain <c>=</c> (e.g. an expression).</summary>
    private static Dictionary<string, string> ParseArguments(IEnumerable<string> pairs)
    {
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CliException(ExitCodes.BadInput, $"--arg '{pair}' is not key=value.");
            }

            if (!arguments.TryAdd(pair[..eq], pair[(eq + 1)..]))
            {
                throw new CliException(ExitCodes.BadInput, $"--arg {pair[..eq]} is given twice.");
            }
        }

        return arguments;
    }

    /// <summary>A tool that could not even start because a native library or its data is absent.</summary>
    private static bool IsMissingDependency(ToolExecutionException error)
    {
        for (Exception? e = error.InnerException; e is not null; e = e.InnerException)
        {
            if (e is DllNotFoundException or Taco.Tools.Ocr.Tesseract.TesseractException)
            {
                return true;
            }
        }

        return false;
    }
}
