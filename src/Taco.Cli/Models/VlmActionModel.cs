using System.Collections.Concurrent;
using System.Diagnostics;
using Taco.Agent.Models;
using Taco.Imaging;
using Taco.Inference;
using Taco.Inference.Generation;
using Taco.Tools;
using TemplateMessage = Taco.Tokenizers.ChatTemplates.ChatMessage;

namespace Taco.Cli.Models;

/// <summary>
/// The agent's model over Taco.Inference: one KV-cached <see cref="Conversation"/> per agent
/// conversation, so each CoTA step prefills only the new turn (and encodes only new images).
/// The prompt is the model's chat template; the new part of each request is the template's
/// rendering of the whole dialogue minus what the conversation already holds.
/// </summary>
internal sealed class VlmActionModel(VisionLanguageModel model, GenerationOptions options) : IConversationalActionModel, IDisposable
{
    /// <summary>How the agent's texts mark an image (<c>image-0: &lt;image&gt;</c>).</summary>
    private const string AgentImageMarker = "<image>";

    private readonly ConcurrentDictionary<Guid, State> _conversations = new();
    private int _rewinds;

    /// <summary>Replies that had to be re-fed as the template writes them (their cache could not be kept).</summary>
    public int Rewinds => Volatile.Read(ref _rewinds);

    /// <summary>Conversations still holding a KV cache (ended ones are released).</summary>
    public int OpenConversations => _conversations.Count;

    public async ValueTask<ActionModelReply> NextAsync(ActionModelRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var state = _conversations.GetOrAdd(request.ConversationId, _ => new State(model.CreateConversation()));
        var messages = request.Messages;

        // Text the conversation must still receive: the end of the previous assistant turn as the
        // template writes it (after the generated tokens) and every turn since, up to the generation prompt.
        var rendered = Render(messages, addGenerationPrompt: true);
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

        var newImages = messages.Skip(state.Consumed).SelectMany(m => m.Images).Select(r => ToRgb(request.Images.GetPixels(r))).ToList();
        var placeholder = model.ImageProcessor.ImagePlaceholder;
        if (placeholder != AgentImageMarker)
        {
            delta = delta.Replace(AgentImageMarker, placeholder, StringComparison.Ordinal);
        }

        var stepsBefore = state.Conversation.Steps.Count;
        state.Conversation.AppendText(delta, newImages);
        state.LengthBeforeReply = state.Conversation.Length;
        var clock = Stopwatch.StartNew();
        var result = await Task.Run(() => state.Conversation.Generate(options, cancellationToken), cancellationToken).ConfigureAwait(false);
        clock.Stop();
        state.GeneratedIds = [.. result.TokenIds];
        state.Prompt = rendered;
        state.Consumed = messages.Count + 1; // the reply the agent is about to add

        var steps = state.Conversation.Steps.Skip(stepsBefore).ToList();
        var prefill = steps.Count > 0 ? steps[0].Elapsed : TimeSpan.Zero;
        return new ActionModelReply(result.Text)
        {
            PrefilledTokens = steps.Count > 0 ? steps[0].TokensProcessed : 0,
            GeneratedTokens = result.TokenIds.Count,
            PrefillTime = prefill,
            GenerationTime = clock.Elapsed - prefill,
        };
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

    private string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt) =>
        model.Tokenizer.ApplyChatTemplate(
            messages.Select(m => (object)new TemplateMessage(m.Role == ChatRole.User ? "user" : "assistant", m.Text)),
            addGenerationPrompt);

    private static RgbImage ToRgb(PixelBuffer pixels)
    {
        var rgb = new byte[pixels.Width * pixels.Height * 3];
        for (var y = 0; y < pixels.Height; y++)
        {
            var row = pixels.Row(y);
            var target = rgb.AsSpan(y * pixels.Width * 3, pixels.Width * 3);
            switch (pixels.Format)
            {
                case PixelFormat.Rgb24:
                    row.CopyTo(target);
                    break;
                case PixelFormat.Rgba32:
                    for (var x = 0; x < pixels.Width; x++)
                    {
                        row.Slice(x * 4, 3).CopyTo(target.Slice(x * 3, 3));
                    }

                    break;
                default:
                    for (var x = 0; x < pixels.Width; x++)
                    {
                        target[(x * 3)..((x * 3) + 3)].Fill(row[x]);
                    }

                    break;
            }
        }

        return new RgbImage(pixels.Width, pixels.Height, rgb);
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
    }
}
