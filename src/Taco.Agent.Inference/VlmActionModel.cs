using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Taco.Agent.Constraints;
using Taco.Agent.Models;
using Taco.Agent.Protocol;
using Taco.Imaging;
using Taco.Inference;
using Taco.Inference.Generation;
using Taco.Inference.Models;
using Taco.Inference.Preprocessing;
using Taco.Tokenizers.ChatTemplates;
using Taco.Tools;

namespace Taco.Agent.Inference;

/// <summary>
/// The agent's model over Taco.Inference: one KV-cached <see cref="Conversation"/> per agent
/// conversation, so each CoTA step prefills only the new turn (and encodes only new images).
/// The prompt is the model's chat template; the new part of each request is the template's
/// rendering of the whole dialogue minus what the conversation already holds.
/// With <paramref name="constrain"/> (the default), each reply is decoded under a <see cref="CotaGrammar"/>
/// built for the step from the request's actions and images, so it always parses and names only offered
/// actions and existing images; a reply cut at the token limit is reported as truncated. With
/// <paramref name="groundNumbers"/> (the default) the grammar also applies the grounded-number rule: a Terminate
/// answer or Calculate expression writes only numbers of the conversation's user turns (<see cref="GroundedNumbers"/>).
/// </summary>
public sealed class VlmActionModel(VisionLanguageModel model, GenerationOptions options, bool constrain = true, CotaGrammarOptions? grammar = null, bool groundNumbers = true)
    : IConversationalActionModel, IDisposable
{
    /// <summary>How the agent's texts mark an image (<c>image-0: &lt;image&gt;</c>).</summary>
    private const string AgentImageMarker = "<image>";

    private readonly ConcurrentDictionary<Guid, State> _conversations = new();
    private readonly Lazy<TokenTrie> _trie = new(() => BuildTrie(model));
    private int _rewinds;

    /// <summary>Replies that had to be re-fed as the template writes them (their cache could not be kept).</summary>
    public int Rewinds => Volatile.Read(ref _rewinds);

    /// <summary>Conversations still holding a KV cache (ended ones are released).</summary>
    public int OpenConversations => _conversations.Count;

    /// <summary>Whether replies are decoded under the CoTA grammar.</summary>
    public bool Constrained => constrain;

    /// <summary>Whether constrained replies follow the grounded-number rule.</summary>
    public bool GroundsNumbers => constrain && groundNumbers;

    /// <summary>
    /// The vocabulary as the grammar sees it: each token's decoded bytes; special tokens (end-of-sequence,
    /// image and template markers) have none, so only the end-of-sequence ids, added apart, can end a reply.
    /// </summary>
    public static TokenTrie BuildTrie(VisionLanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return BuildTrie(model.Tokenizer, model.Directory.ImageTokenId);
    }

    /// <summary>As <see cref="BuildTrie(VisionLanguageModel)"/> for a tokenizer alone (a model's image token, when it has one, left out too).</summary>
    public static TokenTrie BuildTrie(Taco.Tokenizers.Tokenizer tokenizer, int? imageToken = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        var bytes = new byte[]?[tokenizer.VocabularySize];
        for (var id = 0; id < bytes.Length; id++)
        {
            bytes[id] = tokenizer.IsSpecial(id) || id == imageToken ? null : tokenizer.DecodedBytes(id);
        }

        return new TokenTrie(bytes);
    }

    public async ValueTask<ActionModelReply> NextAsync(ActionModelRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = _conversations.GetOrAdd(request.ConversationId, _ => new State(model.CreateConversation()));
        var messages = request.Messages;
        var stepsBefore = state.Conversation.Steps.Count;
        var promptTokens = request.Input == ModelInput.Transcript ? AppendTranscript(state, request) : AppendTurns(state, request);
        var result = await GenerateAsync(state, request, cancellationToken).ConfigureAwait(false);
        var reply = result.Text;
        if (request.Input == ModelInput.Transcript)
        {
            reply = TacoTranscript.CleanReply(reply);
        }

        state.Consumed = messages.Count + 1; // the reply the agent is about to add
        var steps = state.Conversation.Steps.Skip(stepsBefore).ToList();
        var prefill = steps.Count > 0 ? steps[0].Elapsed : TimeSpan.Zero;
        return new ActionModelReply(reply)
        {
            PrefilledTokens = steps.Count > 0 ? steps[0].TokensProcessed : 0,
            PromptTokens = promptTokens,
            GeneratedTokens = result.TokenIds.Count,
            PrefillTime = prefill,
            GenerationTime = result.Clock - prefill,
            Truncated = result.StopReason is StopReason.MaxNewTokens or StopReason.ContextFull && result.Constraint?.ReplyComplete != true,
            ContextFull = result.StopReason is StopReason.ContextFull,
        };
    }

    /// <summary>
    /// The text the model in <paramref name="directory"/> receives for <paramref name="request"/>: the chat template's
    /// rendering (of the turns, or of the one transcript turn), up to the generation prompt, with the template's image
    /// placeholders. Reads the tokenizer and configs only; no graph is loaded.
    /// </summary>
    public static string RenderPrompt(ModelDirectory directory, ActionModelRequest request)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(request);
        return RenderPrompt(
            VisionLanguageModel.TokenizerFor(directory),
            VisionLanguageModel.ImageProcessorFor(directory).ImagePlaceholder,
            ContentAsParts(directory.Family),
            request);
    }

    /// <summary>
    /// Chat turns: the text the conversation must still receive is the end of the previous assistant turn as the
    /// template writes it (after the generated tokens) and every turn since, up to the generation prompt.
    /// </summary>
    private int AppendTurns(State state, ActionModelRequest request)
    {
        var messages = request.Messages;
        var rendered = Render(request, addGenerationPrompt: true);
        string delta;
        if (state.Consumed == 0)
        {
            delta = rendered;
        }
        else
        {
            if (!rendered.StartsWith(state.Prompt, StringComparison.Ordinal))
            {
                throw new InvalidOperationException("The chat template rendered an earlier part of the conversation differently; the KV cache cannot be reused.");
            }

            var sinceReply = rendered[state.Prompt.Length..];
            var generated = model.Tokenizer.Decode(state.GeneratedIds, skipSpecialTokens: false);
            if (sinceReply.StartsWith(generated, StringComparison.Ordinal))
            {
                delta = sinceReply[generated.Length..];
            }
            else
            {
                // The template writes the reply differently from what was generated (e.g. it was cut at
                // max tokens): drop the generated tokens and feed the reply as the template writes it.
                state.Conversation.Rewind(state.LengthBeforeReply);
                Interlocked.Increment(ref _rewinds);
                delta = sinceReply;
            }
        }

        var newImages = messages.Skip(state.Consumed).SelectMany(m => m.Images).Select(r => request.Images.GetPixels(r)).ToList();
        var placeholder = model.ImageProcessor.ImagePlaceholder;
        if (placeholder != AgentImageMarker)
        {
            delta = delta.Replace(AgentImageMarker, placeholder, StringComparison.Ordinal);
        }

        state.Conversation.AppendText(delta, newImages);
        state.Prompt = rendered;
        return state.Conversation.Length;
    }

    /// <summary>
    /// The reference's transcript: the whole prompt is rendered and tokenized each step, and the conversation keeps
    /// the tokens it shares with what it already holds (everything up to the tail <c>⏎###Assistant: </c> of the last
    /// step), so only the reply, the new turn and the tail are prefilled. Returns the whole prompt's token count.
    /// </summary>
    private int AppendTranscript(State state, ActionModelRequest request)
    {
        var images = request.Messages.SelectMany(m => m.Images).ToList();
        for (var i = state.Processed.Count; i < images.Count; i++)
        {
            state.Processed.Add(model.ImageProcessor.Process(request.Images.GetPixels(images[i])));
        }

        var placeholder = model.ImageProcessor.ImagePlaceholder;
        var parts = RenderPrompt(model.Tokenizer, placeholder, ContentAsParts(model.Directory.Family), request).Split(placeholder);
        if (parts.Length - 1 != images.Count)
        {
            throw new InvalidOperationException($"The prompt has {parts.Length - 1} image placeholder(s) but the conversation attaches {images.Count} image(s).");
        }

        var expanded = new StringBuilder(parts[0]);
        for (var i = 0; i < images.Count; i++)
        {
            expanded.Append(model.ImageProcessor.ExpandPlaceholder(state.Processed[i])).Append(parts[i + 1]);
        }

        var ids = model.Tokenizer.Encode(expanded.ToString(), addSpecialTokens: false);
        var held = state.Conversation.TokenIds;
        var common = 0;
        while (common < ids.Length && common < held.Count && ids[common] == held[common])
        {
            common++;
        }

        // Never keep half an image: back off to the start of an image run the common part ends inside.
        var imageToken = model.Directory.ImageTokenId;
        while (common > 0 && common < held.Count && held[common - 1] == imageToken && held[common] == imageToken)
        {
            common--;
        }

        var imagesKept = 0;
        for (var i = 0; i < common; i++)
        {
            if (ids[i] == imageToken && (i == 0 || ids[i - 1] != imageToken))
            {
                imagesKept++;
            }
        }

        state.Conversation.Rewind(common);
        state.Conversation.AppendTokens([.. ids.Skip(common)], state.Processed.Skip(imagesKept).ToList());
        return ids.Length;
    }

    private async Task<(string Text, IReadOnlyList<int> TokenIds, StopReason StopReason, CotaTokenConstraint? Constraint, TimeSpan Clock)> GenerateAsync(
        State state, ActionModelRequest request, CancellationToken cancellationToken)
    {
        var messages = request.Messages;
        state.LengthBeforeReply = state.Conversation.Length;
        var clock = Stopwatch.StartNew();
        var generation = options;
        CotaTokenConstraint? constraint = null;
        if (constrain && request.Actions.Count > 0)
        {
            constraint = new CotaTokenConstraint(
                new CotaGrammar(request.Actions, request.Images.Count, grammar, groundNumbers ? GroundedNumbers.FromMessages(messages) : null),
                _trie.Value,
                options.EosTokenIdsFor(model.Directory));
            generation = options with { Constraint = constraint };
        }

        var result = await Task.Run(() => state.Conversation.Generate(generation, cancellationToken), cancellationToken).ConfigureAwait(false);
        clock.Stop();
        state.GeneratedIds = [.. result.TokenIds];
        return (result.Text, result.TokenIds, result.StopReason, constraint, clock.Elapsed);
    }

    public ValueTask EndConversationAsync(Guid conversationId)
    {
        if (_conversations.TryRemove(conversationId, out var state))
        {
            state.Conversation.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var state in _conversations.Values)
        {
            state.Conversation.Dispose();
        }

        _conversations.Clear();
    }

    /// <summary>
    /// Whether the family's chat templates take a message's content as parts (text and image entries) rather than
    /// one string: Idefics3's and SmolVLM's iterate over the parts and cannot render a string; the llava templates
    /// (taco-tiny's, the TACO checkpoints') write the string as it is.
    /// </summary>
    private static bool ContentAsParts(ModelFamily family) => family == ModelFamily.Idefics3;

    private static string RenderPrompt(Taco.Tokenizers.Tokenizer tokenizer, string imagePlaceholder, bool contentAsParts, ActionModelRequest request)
    {
        var text = RenderWith(tokenizer, request, addGenerationPrompt: true, contentAsParts);
        return imagePlaceholder == AgentImageMarker ? text : text.Replace(AgentImageMarker, imagePlaceholder, StringComparison.Ordinal);
    }

    private string Render(ActionModelRequest request, bool addGenerationPrompt) =>
        RenderWith(model.Tokenizer, request, addGenerationPrompt, ContentAsParts(model.Directory.Family));

    /// <summary>
    /// The template over the request's turns (a system turn first when there is a system message), or over its one
    /// transcript turn; with <paramref name="contentAsParts"/>, each text is split at the image markers into parts.
    /// </summary>
    private static string RenderWith(Taco.Tokenizers.Tokenizer tokenizer, ActionModelRequest request, bool addGenerationPrompt, bool contentAsParts)
    {
        var turns = request.Input == ModelInput.Transcript
            ? [("user", TacoTranscript.Render(request.SystemPrompt, request.Messages))]
            : (request.SystemPrompt is { } system ? [("system", system)] : Array.Empty<(string, string)>())
                .Concat(request.Messages.Select(m => (m.Role == ChatRole.User ? "user" : "assistant", m.Text)))
                .ToArray();
        var messages = contentAsParts
            ? turns.Select(t => (object)ChatTemplateMessage.FromParts(t.Item1, Parts(t.Item2)))
            : turns.Select(t => (object)new ChatTemplateMessage(t.Item1, t.Item2));
        return tokenizer.ApplyChatTemplate(messages, addGenerationPrompt);

        static ChatContentPart[] Parts(string text)
        {
            var pieces = text.Split(AgentImageMarker);
            var parts = new List<ChatContentPart>();
            for (var i = 0; i < pieces.Length; i++)
            {
                if (i > 0)
                {
                    parts.Add(ChatContentPart.Image());
                }

                if (pieces[i].Length > 0)
                {
                    parts.Add(ChatContentPart.FromText(pieces[i]));
                }
            }

            return [.. parts];
        }
    }

    private sealed class State(Conversation conversation)
    {
        public Conversation Conversation { get; } = conversation;

        /// <summary>Agent messages already in the conversation (the last one being the model's reply).</summary>
        public int Consumed { get; set; }

        public int LengthBeforeReply { get; set; }

        public int[] GeneratedIds { get; set; } = [];

        /// <summary>The template's text up to the generation prompt of the last request.</summary>
        public string Prompt { get; set; } = string.Empty;

        /// <summary>The conversation's images, preprocessed, in order (transcript form).</summary>
        public List<ProcessedImage> Processed { get; } = [];
    }
}
