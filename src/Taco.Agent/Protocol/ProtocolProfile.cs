using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Taco.Tools;
using Taco.Tools.Values;

namespace Taco.Agent.Protocol;

/// <summary>
/// How the agent talks to one family of models: which task prompt, which actions are
/// offered, which result fields the model sees, and every text of the conversation.
/// <see cref="Taco"/> reproduces the reference TACO runtime byte for byte: the task prompt is the system
/// message, the request ends in a blank line before "Now please", and a local model receives the whole
/// conversation flattened into one user turn (<see cref="ModelInput.Transcript"/>). <see cref="TacoTiny"/> and
/// <see cref="TacoChat"/> are chat-native: the task prompt opens the first user turn and every message is a
/// turn of the model's chat template.
/// </summary>
public sealed record ProtocolProfile
{
    public required string Name { get; init; }

    public PromptStyle PromptStyle { get; init; } = PromptStyle.Short;

    /// <summary>The actions to offer (Terminate is always added); <c>null</c> offers every registered tool.</summary>
    public ImmutableArray<string>? OfferedActions { get; init; }

    /// <summary>
    /// Result keys a model is not shown, per action. TACO's OCR was trained on
    /// <c>{'text': …}</c> only, so its <c>regions</c> stay in the trace but out of the prompt.
    /// A dotted key (<c>regions.confidence</c>) hides a key inside a dict, or inside each dict of a list.
    /// </summary>
    public ImmutableDictionary<string, ImmutableHashSet<string>> HiddenResultFields { get; init; } =
        ImmutableDictionary<string, ImmutableHashSet<string>>.Empty;

    /// <summary>Where the task prompt goes: the system message (TACO) or the start of the first user turn.</summary>
    public bool TaskPromptAsSystem { get; init; }

    /// <summary>What follows the question in the request: <c>⏎Now please generate your response:⏎</c>, after a blank line for TACO.</summary>
    public string RequestEnd { get; init; } = TacoStrings.RequestEnd;

    /// <summary>How a local model receives the conversation.</summary>
    public ModelInput Input { get; init; } = ModelInput.ChatTurns;

    /// <summary>The reference runtime's form, for the released TACO checkpoints.</summary>
    public static ProtocolProfile Taco { get; } = new()
    {
        Name = "taco",
        TaskPromptAsSystem = true,
        RequestEnd = "\n" + TacoStrings.RequestEnd,
        Input = ModelInput.Transcript,
        HiddenResultFields = ImmutableDictionary<string, ImmutableHashSet<string>>.Empty
            .Add("OCR", ["regions"]),
    };

    /// <summary>
    /// TACO's texts as chat turns, for models trained or prompted on chat turns (general VLMs): the task prompt
    /// opens the first user turn, a single newline precedes "Now please", each message is a template turn.
    /// </summary>
    public static ProtocolProfile TacoChat { get; } = new()
    {
        Name = "taco-chat",
        HiddenResultFields = ImmutableDictionary<string, ImmutableHashSet<string>>.Empty
            .Add("OCR", ["regions"]),
    };

    /// <summary>
    /// <see cref="Taco"/>'s texts, but OCR shows <c>{'regions': [{'bbox': [l, t, r, b], 'text': …}, …], 'text': …}</c>
    /// (regions in reading order without their confidence, then the text as TACO shows it) so a small
    /// model can pass a box from OCR to EstimateRegionDepth or ZoomIn, and still read a label and its
    /// price side by side in the text. The default model is trained on exactly
    /// these bytes (<c>taco synth --profile taco-tiny</c>): never change what this profile renders.
    /// </summary>
    public static ProtocolProfile TacoTiny { get; } = new()
    {
        Name = "taco-tiny",
        HiddenResultFields = ImmutableDictionary<string, ImmutableHashSet<string>>.Empty
            .Add("OCR", ["regions.confidence"]),
    };

    /// <summary>The profiles a user can name (<c>--profile</c>, a model's config).</summary>
    public static ImmutableArray<ProtocolProfile> All { get; } = [Taco, TacoTiny, TacoChat];

    /// <summary>The profile called <paramref name="name"/>; an unknown name throws, listing the known ones.</summary>
    public static ProtocolProfile Named(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(p => p.Name == name)
            ?? throw new ArgumentException($"Unknown protocol profile '{name}' (known: {string.Join(", ", All.Select(p => p.Name))}).", nameof(name));
    }

    /// <summary>The offered tools in the reference's order, Terminate last.</summary>
    public IReadOnlyList<ITool> SelectTools(ToolRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var selected = new List<ITool>();
        if (OfferedActions is { } wanted)
        {
            foreach (var name in wanted.Where(n => n != TacoStrings.TerminateName))
            {
                if (!registry.TryGet(name, out var tool))
                {
                    throw new ArgumentException($"Profile {Name} offers action {name}, but no tool of that name is registered (registered: {string.Join(", ", registry.Names)}).", nameof(registry));
                }

                selected.Add(tool);
            }
        }
        else
        {
            selected.AddRange(registry.Tools.Where(t => t.Descriptor.Name != TacoStrings.TerminateName));
        }

        var order = TacoStrings.ReferenceActionOrder;
        var ordered = selected
            .Select((tool, position) => (tool, position))
            .OrderBy(x => RankOf(order, x.tool.Descriptor.Name))
            .ThenBy(x => x.position)
            .Select(x => x.tool)
            .ToList();
        ordered.Add(registry.TryGet(TacoStrings.TerminateName, out var terminate) ? terminate : new TerminateTool());
        return ordered;
    }

    // Unknown actions rank with Terminate's slot, i.e. after every reference action; Terminate itself is appended last.
    private static int RankOf(IReadOnlyList<string> order, string name)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (order[i] == name)
            {
                return i;
            }
        }

        return order.Count - 1;
    }

    public string RenderTaskPrompt(IReadOnlyList<ToolDescriptor> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        if (PromptStyle == PromptStyle.Short)
        {
            return TacoStrings.ShortGoalStart + string.Join(", ", actions.Select(a => a.Name)) + TacoStrings.ShortGoalEnd;
        }

        return TacoStrings.FullGoal
            + ToolPromptRenderer.RenderActions(actions)
            + TacoStrings.TaskInstructions
            + TacoStrings.FormatInstructions
            + TacoDemos.Render(actions.Select(a => a.Name).ToList());
    }

    /// <summary><c>⏎# USER REQUEST #:⏎image-0: &lt;image&gt;⏎…question</c> and <see cref="RequestEnd"/>.</summary>
    public string RenderRequest(int imageCount, string question)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(imageCount);
        ArgumentNullException.ThrowIfNull(question);
        var sb = new StringBuilder(TacoStrings.RequestStart);
        for (var i = 0; i < imageCount; i++)
        {
            sb.Append(new ImageRef(i).ObservationText).Append('\n');
        }

        return sb.Append(question).Append(RequestEnd).ToString();
    }

    /// <summary>The system message: the task prompt when <see cref="TaskPromptAsSystem"/>, else none.</summary>
    public string? RenderSystemPrompt(IReadOnlyList<ToolDescriptor> actions) =>
        TaskPromptAsSystem ? RenderTaskPrompt(actions) : null;

    /// <summary>The first user turn: the request, after the task prompt unless that is the system message.</summary>
    public string RenderFirstTurn(IReadOnlyList<ToolDescriptor> actions, int imageCount, string question) =>
        (TaskPromptAsSystem ? string.Empty : RenderTaskPrompt(actions)) + RenderRequest(imageCount, question);

    /// <summary>The result a model is shown: hidden fields removed.</summary>
    public ToolDict VisibleResult(string toolName, ToolDict result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!HiddenResultFields.TryGetValue(toolName, out var hidden))
        {
            return result;
        }

        return Without(result, hidden);
    }

    private static ToolDict Without(ToolDict dict, IEnumerable<string> keys)
    {
        var entries = dict.Entries;
        foreach (var key in keys)
        {
            var dot = key.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                entries = entries.Remove(key);
            }
            else if (entries.TryGetValue(key[..dot], out var inner))
            {
                string[] rest = [key[(dot + 1)..]];
                entries = entries.SetItem(key[..dot], inner switch
                {
                    ToolDict d => Without(d, rest),
                    ToolList l => new ToolList([.. l.Items.Select(item => item is ToolDict d ? Without(d, rest) : item)]),
                    _ => inner,
                });
            }
        }

        return new ToolDict(entries);
    }

    /// <summary><c>OBSERVATION:⏎{…}</c> or <c>Execution failed with …</c>, then the suffix.</summary>
    public string RenderObservation(ToolOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Error is { } error)
        {
            return error.ObservationText + TacoStrings.ObservationSuffix;
        }

        return TacoStrings.ObservationPrefix + PythonRepr.Render(VisibleResult(outcome.ToolName, outcome.Result!)) + TacoStrings.ObservationSuffix;
    }

    /// <summary>What the model is told when its <c>actions</c> list was empty.</summary>
    public static string RenderNoAction() =>
        TacoStrings.ObservationPrefix
        + PythonRepr.Render(ToolDict.Empty.With("message", ToolValue.Of(TacoStrings.NoActionMessage)))
        + TacoStrings.ObservationSuffix;

    /// <summary>Parse errors carry no suffix in the reference, only the fix-it guidance.</summary>
    public static string RenderParseError(CotaParseErrorKind kind, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return TacoStrings.ObservationPrefix + message + (kind == CotaParseErrorKind.Json ? TacoStrings.JsonErrorFeedback : TacoStrings.OtherErrorFeedback);
    }

    /// <summary>Images a visible result names, in the order they appear in its repr (each becomes an attached picture).</summary>
    public static IReadOnlyList<ImageRef> ImagesIn(ToolValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var found = new List<ImageRef>();
        Collect(value, found);
        return found;
    }

    private static void Collect(ToolValue value, List<ImageRef> found)
    {
        switch (value)
        {
            case ToolImage image:
                found.Add(image.Image);
                break;
            case ToolList list:
                foreach (var item in list.Items)
                {
                    Collect(item, found);
                }

                break;
            case ToolDict dict:
                foreach (var item in dict.Entries.Values)
                {
                    Collect(item, found);
                }

                break;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({PromptStyle})");
}
