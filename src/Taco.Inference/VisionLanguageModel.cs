using System.Diagnostics;
using Taco.Inference.Models;
using Taco.Inference.Preprocessing;
using Taco.Onnx;
using Taco.Tokenizers;

namespace Taco.Inference;

/// <summary>
/// A loaded vision-language model: the three ONNX graphs, the tokenizer and the family's image processor.
/// Conversations (<see cref="CreateConversation"/>) hold the per-dialogue state, so one model serves many.
/// </summary>
public sealed class VisionLanguageModel : IDisposable
{
    private readonly InferenceSession _vision;
    private readonly InferenceSession _embed;
    private readonly InferenceSession _decoder;
    private readonly NodeMetadata _pixelInput;
    private readonly NodeMetadata? _pixelMaskInput;
    private readonly string _embedOutput;
    private readonly string _visionOutput;

    private VisionLanguageModel(ModelDirectory directory, ModelDtype dtype, OnnxRuntime runtime, SessionOptions? options)
    {
        Directory = directory;
        Dtype = dtype;
        Runtime = runtime;
        Tokenizer = LoadTokenizer(directory);
        ImageProcessor = ImageProcessorFor(directory);

        var sessions = new List<InferenceSession>();
        try
        {
            _vision = Open(ModelComponent.VisionEncoder);
            _embed = Open(ModelComponent.EmbedTokens);
            _decoder = Open(ModelComponent.Decoder);
            GraphRoles.Check(GraphOf(ModelComponent.VisionEncoder, _vision), GraphOf(ModelComponent.EmbedTokens, _embed), GraphOf(ModelComponent.Decoder, _decoder));
        }
        catch
        {
            sessions.ForEach(s => s.Dispose());
            throw;
        }

        var decoderFile = directory.FilePath(ModelComponent.Decoder, dtype);
        _pixelInput = _vision.Inputs.First(i => i.Name == "pixel_values");
        _pixelMaskInput = _vision.Inputs.FirstOrDefault(i => i.Name == "pixel_attention_mask");
        _visionOutput = _vision.Outputs[0].Name;
        _embedOutput = _embed.Outputs[0].Name;
        Signature = new DecoderSignature(_decoder.Inputs, _decoder.Outputs, decoderFile);
        HiddenSize = checked((int)Signature.EmbedsInput.Shape[^1]);

        GraphSignature GraphOf(ModelComponent component, InferenceSession session) =>
            new(component, directory.FilePath(component, dtype), session.Inputs, session.Outputs);

        InferenceSession Open(ModelComponent component)
        {
            var file = directory.FilePath(component, dtype);
            directory.CheckExternalData(component, dtype);
            try
            {
                // By path, so ONNX Runtime finds a .onnx_data file next to the graph.
                var session = InferenceSession.FromFile(runtime, file, options);
                sessions.Add(session);
                return session;
            }
            catch (OrtException e)
            {
                throw new ModelLoadException($"{file} could not be loaded by ONNX Runtime: {e.Message}", e);
            }
        }
    }

    public ModelDirectory Directory { get; }

    public ModelDtype Dtype { get; }

    public Tokenizer Tokenizer { get; }

    public IImageProcessor ImageProcessor { get; }

    /// <summary>Width of one embedding (and one image feature row).</summary>
    public int HiddenSize { get; }

    /// <summary>Element type of the KV cache (float16 for fp16 variants).</summary>
    public TensorElementType CacheElementType => Signature.PastInputs[0].ElementType;

    public IReadOnlyList<NodeMetadata> VisionInputs => _vision.Inputs;

    public IReadOnlyList<NodeMetadata> VisionOutputs => _vision.Outputs;

    public IReadOnlyList<NodeMetadata> DecoderInputs => _decoder.Inputs;

    public IReadOnlyList<NodeMetadata> DecoderOutputs => _decoder.Outputs;

    internal OnnxRuntime Runtime { get; }

    internal DecoderSignature Signature { get; }

    /// <summary>Opens and loads a model directory; errors name the file or <c>model_type</c> at fault.</summary>
    public static VisionLanguageModel Load(string directory, ModelLoadOptions? options = null)
    {
        options ??= new ModelLoadOptions();
        var model = ModelDirectory.Open(directory);
        var dtype = model.ChooseDtype(options.Dtype);
        return new VisionLanguageModel(model, dtype, options.Runtime ?? OnnxRuntime.Initialize(), options.SessionOptions);
    }

    /// <summary>A new, empty conversation with its own KV cache.</summary>
    public Conversation CreateConversation() => new(this);

    /// <summary>The image processor of the directory's family (no ONNX session needed).</summary>
    public static IImageProcessor ImageProcessorFor(ModelDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return directory.Family switch
        {
            ModelFamily.Llava => new LlavaImageProcessor(directory),
            ModelFamily.Idefics3 => new Idefics3ImageProcessor(directory),
            _ => throw new ModelLoadException($"No image processor for {directory.Family}."),
        };
    }

    /// <summary>The directory's tokenizer (no ONNX session needed).</summary>
    public static Tokenizer TokenizerFor(ModelDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return LoadTokenizer(directory);
    }

    public void Dispose()
    {
        _vision.Dispose();
        _embed.Dispose();
        _decoder.Dispose();
    }

    internal KvCache CreateCache() => new(Runtime, Signature.PastInputs);

    /// <summary>A conversation's step state: the reusable tensors, the embed graph's binding and the decoder's prepared run.</summary>
    internal StepBuffers CreateStepBuffers()
    {
        var embedBinding = _embed.CreateIoBinding();
        PreparedRun? decoderRun = null;
        try
        {
            decoderRun = _decoder.Prepare(DecoderInputNames(), Signature.OutputNames);
            return new StepBuffers(Runtime, embedBinding, _embed.Outputs[0], decoderRun, Signature.NumLogitsToKeep is not null);
        }
        catch
        {
            embedBinding.Dispose();
            decoderRun?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Embeddings of <paramref name="ids"/>, <c>[1, n, hidden]</c>. One id is embedded into the step buffers'
    /// <see cref="StepBuffers.Embeds"/> when there is one (the buffers own it); otherwise the caller owns the result.
    /// </summary>
    internal OrtValue Embed(ReadOnlySpan<int> ids, StepBuffers buffers, CancellationToken cancellationToken)
    {
        if (ids.Length == 1 && buffers.Embeds is { } embeds)
        {
            buffers.SetId(ids[0]);
            var started = buffers.Clock.Start();
            try
            {
                buffers.EmbedBinding.Run(cancellationToken);
            }
            finally
            {
                buffers.Clock.Stop(started);
            }

            return embeds;
        }

        OrtValue? created = null;
        try
        {
            OrtValue input;
            if (ids.Length == 1)
            {
                input = buffers.SetId(ids[0]);
            }
            else
            {
                var longs = new long[ids.Length];
                for (var i = 0; i < ids.Length; i++)
                {
                    longs[i] = ids[i];
                }

                input = created = OrtValue.CreateTensor(Runtime, longs, 1, ids.Length);
            }

            var output = new OrtValue?[1];
            buffers.Clock.Time(() => _embed.Run(["input_ids"], [input], [_embedOutput], output, cancellationToken));
            return output[0]!;
        }
        finally
        {
            created?.Dispose();
        }
    }

    /// <summary>The image's feature rows, flattened (frame by frame, token by token) as float32.</summary>
    internal float[] EncodeImage(ProcessedImage image, StepBuffers buffers, CancellationToken cancellationToken)
    {
        var visionFile = Directory.FilePath(ModelComponent.VisionEncoder, Dtype);
        if (image.Shape.Count != _pixelInput.Shape.Count)
        {
            throw new ArgumentException(
                $"{visionFile} takes pixel_values of rank {_pixelInput.Shape.Count} ({_pixelInput}), but the image was preprocessed to [{string.Join(", ", image.Shape)}].");
        }

        var shape = image.Shape.ToArray();
        using var pixels = TensorMath.FloatTensor(Runtime, _pixelInput.ElementType, image.PixelValues, shape);
        var names = new List<string> { "pixel_values" };
        var values = new List<OrtValue> { pixels };
        OrtValue? mask = null;
        try
        {
            if (_pixelMaskInput is not null)
            {
                // Mask dims: the pixel dims without the channel axis.
                long[] maskShape = [.. shape[..^3], shape[^2], shape[^1]];
                var maskValues = image.PixelAttentionMask?.ToArray() ?? Enumerable.Repeat(true, checked((int)TensorMath.Product(maskShape))).ToArray();
                mask = OrtValue.CreateTensor(Runtime, maskValues, maskShape);
                names.Add(_pixelMaskInput.Name);
                values.Add(mask);
            }

            var outputs = new OrtValue?[1];
            buffers.Clock.Time(() => _vision.Run(names.ToArray(), values.ToArray(), [_visionOutput], outputs, cancellationToken));
            using var features = outputs[0]!;
            var result = new float[checked((int)features.ElementCountOfShape)];
            TensorMath.ReadFloats(features, result, 0);
            if (features.Shape[^1] != HiddenSize)
            {
                throw new InvalidOperationException($"{visionFile} returned features of width {features.Shape[^1]}, but the decoder embeds {HiddenSize}.");
            }

            return result;
        }
        finally
        {
            mask?.Dispose();
        }
    }

    /// <summary>
    /// One decoder call over <paramref name="embeds"/> (<c>[1, n, hidden]</c>) after the cache's past; the cache
    /// takes the presents; returns the last position's logits as float32 in the step buffers' logits buffer
    /// (valid until the next call).
    /// </summary>
    internal float[] Decode(OrtValue embeds, int count, KvCache cache, StepBuffers buffers, CancellationToken cancellationToken)
    {
        var past = cache.Length;
        var total = past + count;
        var run = buffers.DecoderRun;
        var outputs = buffers.DecoderOutputs;
        OrtValue? mask = null;
        OrtValue? positions = null;
        try
        {
            // Inputs in the order of DecoderInputNames.
            var k = 0;
            run.SetInput(k++, embeds);
            if (Signature.HasAttentionMask)
            {
                mask = buffers.Mask(total);
                run.SetInput(k++, mask);
            }

            if (Signature.HasPositionIds && count == 1)
            {
                run.SetInput(k++, buffers.SetPosition(past));
            }
            else if (Signature.HasPositionIds)
            {
                var ids = new long[count];
                for (var i = 0; i < count; i++)
                {
                    ids[i] = past + i;
                }

                positions = OrtValue.CreateTensor(Runtime, ids, 1, count);
                run.SetInput(k++, positions);
            }

            if (Signature.HasUseCacheBranch)
            {
                run.SetInput(k++, buffers.SetCacheBranch(past > 0));
            }

            if (buffers.LogitsToKeep is { } keep)
            {
                run.SetInput(k++, keep);
            }

            for (var i = 0; i < Signature.PastInputs.Count; i++)
            {
                run.SetInput(k++, cache.Values[i]);
            }

            var started = buffers.Clock.Start();
            try
            {
                run.Run(outputs, cancellationToken);
            }
            finally
            {
                buffers.Clock.Stop(started);
            }

            var logits = outputs[0]!;
            var vocab = checked((int)logits.Shape[^1]);
            var last = buffers.Logits(vocab);
            TensorMath.ReadFloats(logits, last, checked((int)(logits.ElementCountOfShape - vocab)));
            cache.Replace(outputs.AsSpan(1), total);
            Array.Clear(outputs, 1, outputs.Length - 1);
            return last;
        }
        finally
        {
            // The logits, and the presents if the cache did not take them (a failed run or read).
            foreach (var o in outputs)
            {
                o?.Dispose();
            }

            Array.Clear(outputs);
            mask?.Dispose();
            positions?.Dispose();
        }
    }

    /// <summary>The decoder inputs in the order <see cref="Decode"/> sets them.</summary>
    private List<string> DecoderInputNames()
    {
        var names = new List<string> { "inputs_embeds" };
        if (Signature.HasAttentionMask)
        {
            names.Add("attention_mask");
        }

        if (Signature.HasPositionIds)
        {
            names.Add("position_ids");
        }

        if (Signature.HasUseCacheBranch)
        {
            names.Add("use_cache_branch");
        }

        if (Signature.NumLogitsToKeep is { } keepName)
        {
            names.Add(keepName);
        }

        names.AddRange(Signature.PastInputs.Select(p => p.Name));
        return names;
    }

    private static Tokenizer LoadTokenizer(ModelDirectory directory)
    {
        try
        {
            return Tokenizer.FromDirectory(directory.Path);
        }
        catch (TokenizerException e)
        {
            throw new ModelLoadException($"The tokenizer in {directory.Path} could not be loaded: {e.Message}", e);
        }
    }
}
