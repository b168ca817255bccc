using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Taco.Cli.Infrastructure;
using Taco.Inference.Models;
using Taco.Onnx;

namespace Taco.Cli.Commands;

/// <summary>
/// <c>taco models info &lt;dir&gt;</c>: what a model directory holds — family, dtype variants and
/// their sizes, each graph's inputs and outputs from the ONNX metadata, context length, and
/// what is missing — without generating anything.
/// </summary>
internal static class ModelsCommand
{
    private static readonly Argument<string> ModelDir = new("dir") { Description = "A model directory in the transformers.js / onnx-community layout." };

    private static readonly Option<string?> Dtype = new("--dtype")
    {
        Description = "The variant whose graphs to inspect: fp32, fp16, q8 (quantized), q4, q4f16 (default: the one taco would load).",
    };

    private static readonly Option<bool> Json = new("--json") { Description = "Print the report as one JSON object." };

    public static Command Create()
    {
        var command = new Command("models", "Inspect model directories.");
        var info = new Command("info", "Show a model directory's family, dtype variants, sizes, graph inputs/outputs, context length and what is missing.");
        info.Arguments.Add(ModelDir);
        info.Options.Add(Dtype);
        info.Options.Add(Json);
        info.SetAction(Info);
        command.Subcommands.Add(info);
        return command;
    }

    private static int Info(ParseResult parse)
    {
        using var context = TacoApp.CreateContext(parse);
        var model = ModelDirectory.Open(parse.GetValue(ModelDir)!);
        try
        {
            // ask loads the tokenizer with the model; a file that would stop ask stops info too.
            _ = Taco.Tokenizers.Tokenizer.FromDirectory(model.Path);
        }
        catch (Taco.Tokenizers.TokenizerException e)
        {
            throw new CliException(ExitCodes.ModelError, $"the tokenizer of {model.Path} cannot be loaded: {e.Message.ReplaceLineEndings(" ")}");
        }

        _ = Taco.Inference.VisionLanguageModel.ImageProcessorFor(model);
        var requested = AgentRunOptions.ReadDtype(parse.GetValue(Dtype));
        var dtype = model.ChooseDtype(requested);
        var profile = ModelProfile.For(model);
        var components = Enum.GetValues<ModelComponent>();
        var variants = Enum.GetValues<ModelDtype>()
            .Select(d => new Variant(
                d,
                model.AvailableDtypes.Contains(d),
                model.VariantBytes(d),
                [.. components.Select(c => model.FilePath(c, d)).Where(f => !File.Exists(f))]))
            .Where(v => v.Complete || v.Missing.Count < components.Length)
            .ToList();
        var graphs = components.Select(c => ReadGraph(context.Runtime, c, model.FilePath(c, dtype))).ToList();
        GraphRoles.Check(Graph(ModelComponent.VisionEncoder), Graph(ModelComponent.EmbedTokens), Graph(ModelComponent.Decoder));
        var missing = model.MissingOptionalFiles()
            .Concat(variants.Where(v => !v.Complete).SelectMany(v => v.Missing.Select(f => Path.GetRelativePath(model.Path, f))))
            .ToList();

        if (parse.GetValue(Json))
        {
            var payload = new
            {
                path = model.Path,
                model_type = model.ModelType,
                family = Lower(model.Family),
                context_length = model.ContextLength,
                vocab_size = model.VocabSize,
                image_token_id = model.ImageTokenId,
                eos_token_ids = model.EosTokenIds,
                max_new_tokens = model.MaxNewTokens,
                source_name = model.SourceName,
                profile = profile.Profile.Name,
                profile_reason = profile.Reason,
                dtype = Lower(dtype),
                variants = variants.Select(v => new { dtype = Lower(v.Dtype), complete = v.Complete, bytes = v.Bytes }),
                graphs = graphs.Select(g => new
                {
                    component = JsonNamingPolicy.SnakeCaseLower.ConvertName(g.Component.ToString()),
                    file = Path.GetRelativePath(model.Path, g.File),
                    inputs = g.Inputs.Select(Node),
                    outputs = g.Outputs.Select(Node),
                }),
                missing,
            };
            context.Output.WriteLine(JsonSerializer.Serialize(payload, CliJson.Options));
            return ExitCodes.Success;
        }

        var console = context.Console;
        console.MarkupLine("[bold]model:[/] " + Markup.Escape(model.Path));
        Line(console, $"family: {Lower(model.Family)} (model_type {model.ModelType})");
        Line(console, $"profile: {profile.Profile.Name} ({profile.Reason})");
        Line(console, $"context length: {(model.ContextLength is { } n ? n.ToString(CultureInfo.InvariantCulture) : "not stated")}");
        Line(console, $"vocabulary: {model.VocabSize} tokens; image token {model.ImageTokenId}; end of sequence {string.Join(", ", model.EosTokenIds)}");
        foreach (var v in variants)
        {
            var state = v.Complete ? "complete" : "incomplete";
            var chosen = v.Dtype == dtype ? (requested is null ? ", default" : ", selected") : string.Empty;
            Line(console, $"dtype {Lower(v.Dtype)}: {state}, {Size(v.Bytes)}{chosen}");
        }

        foreach (var g in graphs)
        {
            console.WriteLine();
            console.MarkupLine("[bold]" + Markup.Escape(Path.GetRelativePath(model.Path, g.File)) + "[/]");
            foreach (var input in g.Inputs)
            {
                Line(console, "  in  " + input);
            }

            foreach (var output in g.Outputs)
            {
                Line(console, "  out " + output);
            }
        }

        console.WriteLine();
        Line(console, missing.Count == 0 ? "missing: nothing" : "missing: " + string.Join(", ", missing));
        return ExitCodes.Success;

        GraphSignature Graph(ModelComponent component) => graphs.Single(g => g.Component == component);
    }

    private static GraphSignature ReadGraph(OnnxRuntime runtime, ModelComponent component, string file)
    {
        try
        {
            using var session = InferenceSession.FromFile(runtime, file);
            return new GraphSignature(component, file, [.. session.Inputs], [.. session.Outputs]);
        }
        catch (OrtException e)
        {
            throw new CliException(ExitCodes.ModelError, $"{file} cannot be loaded by ONNX Runtime: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static object Node(NodeMetadata node) => new
    {
        name = node.Name,
        type = node.ElementType.ToString().ToLowerInvariant(),
        shape = node.Shape.Select((d, i) => d >= 0 ? (object)d : node.SymbolicDimensions[i].Length > 0 ? node.SymbolicDimensions[i] : "?"),
    };

    private static void Line(IAnsiConsole console, string text) => console.MarkupLine(Markup.Escape(text));

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.00} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
    };

    private sealed record Variant(ModelDtype Dtype, bool Complete, long Bytes, IReadOnlyList<string> Missing);
}
