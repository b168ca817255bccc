using Taco.Onnx;

namespace Taco.Inference.Models;

/// <summary>
/// Checks that each graph of a model is the one its file name says, by the inputs the runtime feeds and the
/// outputs it reads, and that the widths of the three agree. Swapped or foreign files are then one error at
/// load naming the file and the tensor, not a failure in the middle of a run.
/// </summary>
public static class GraphRoles
{
    private const string PixelValues = "pixel_values";
    private const string InputIds = "input_ids";
    private const string InputsEmbeds = "inputs_embeds";

    /// <summary>Throws <see cref="ModelLoadException"/> naming the file and tensor when a graph does not fit its role.</summary>
    public static void Check(GraphSignature vision, GraphSignature embed, GraphSignature decoder)
    {
        ArgumentNullException.ThrowIfNull(vision);
        ArgumentNullException.ThrowIfNull(embed);
        ArgumentNullException.ThrowIfNull(decoder);
        GraphSignature[] all = [vision, embed, decoder];
        CheckInputs(vision, PixelValues, [PixelValues, "pixel_attention_mask"], all);
        CheckInputs(embed, InputIds, [InputIds], all);
        CheckInputs(decoder, InputsEmbeds, null, all);
        var signature = new DecoderSignature(decoder.Inputs, decoder.Outputs, decoder.File);
        var hidden = signature.EmbedsInput.Shape.Count == 0 ? -1 : signature.EmbedsInput.Shape[^1];
        if (hidden <= 0)
        {
            throw new ModelLoadException($"{decoder.File}: \"{InputsEmbeds}\" has no fixed width ({signature.EmbedsInput}).");
        }

        CheckWidth(vision, hidden, decoder.File);
        CheckWidth(embed, hidden, decoder.File);
    }

    private static void CheckInputs(GraphSignature graph, string required, string[]? allowed, GraphSignature[] all)
    {
        if (!graph.Inputs.Any(i => i.Name == required))
        {
            var message = $"{graph.File} is not {Role(graph.Component)}: it has no input \"{required}\" (inputs: {Names(graph.Inputs)})";
            if (Recognize(graph.Inputs) is { } looksLike && looksLike != graph.Component)
            {
                var owner = all.First(g => g.Component == looksLike);
                message += $"; those are the inputs of {Role(looksLike)}, the role of {Path.GetFileName(owner.File)}, so the files look swapped";
            }

            throw new ModelLoadException(message + ".");
        }

        if (allowed is not null && graph.Inputs.FirstOrDefault(i => !allowed.Contains(i.Name)) is { } extra)
        {
            throw new ModelLoadException(
                $"{graph.File} has an input \"{extra.Name}\" that taco does not fill for {Role(graph.Component)} (it gives {string.Join(" and ", allowed)}).");
        }

        if (graph.Outputs.Count == 0)
        {
            throw new ModelLoadException($"{graph.File} has no outputs.");
        }
    }

    private static void CheckWidth(GraphSignature graph, long hidden, string decoderFile)
    {
        var output = graph.Outputs[0];
        var width = output.Shape.Count == 0 ? -1 : output.Shape[^1];
        if (output.Shape.Count < 2 || width != hidden)
        {
            throw new ModelLoadException(
                $"{graph.File}: its output \"{output.Name}\" ({output}) is not rows of width {hidden}, the width of \"{InputsEmbeds}\" in {decoderFile}; the graphs are not parts of one model.");
        }
    }

    /// <summary>The role whose characteristic input a graph has, if any.</summary>
    private static ModelComponent? Recognize(IReadOnlyList<NodeMetadata> inputs)
    {
        var names = inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        return names.Contains(PixelValues) ? ModelComponent.VisionEncoder
            : names.Contains(InputsEmbeds) ? ModelComponent.Decoder
            : names.Contains(InputIds) && !names.Any(n => n.StartsWith("past_key_values.", StringComparison.Ordinal)) ? ModelComponent.EmbedTokens
            : null;
    }

    private static string Role(ModelComponent component) => component switch
    {
        ModelComponent.VisionEncoder => "a vision encoder",
        ModelComponent.EmbedTokens => "a token embedding graph",
        ModelComponent.Decoder => "a merged decoder",
        _ => throw new ArgumentOutOfRangeException(nameof(component)),
    };

    private static string Names(IReadOnlyList<NodeMetadata> nodes) =>
        nodes.Count == 0 ? "none" : string.Join(", ", nodes.Take(4).Select(n => n.Name)) + (nodes.Count > 4 ? ", …" : string.Empty);
}
