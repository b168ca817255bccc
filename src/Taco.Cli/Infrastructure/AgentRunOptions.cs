using System.CommandLine;
using Taco.Agent.Protocol;
using Taco.Inference.Models;

namespace Taco.Cli.Infrastructure;

/// <summary>
/// The options <c>ask</c>, <c>batch</c> and <c>eval</c> share (model, decoding, budgets, tools,
/// traces). Each reads its default from <c>TACO_*</c> / <c>taco.json</c> (<see cref="TacoConfig"/>).
/// A new switch for all three commands is one declaration here, <c>Flag("--name", "…")</c>, an entry in
/// <see cref="All"/> (the order of their help), and its reading into <see cref="AgentRunSettings"/> in <see cref="Read"/>.
/// </summary>
internal static class AgentRunOptions
{
    public static Option<DirectoryInfo?> Model { get; } = new("--model", "-m")
    {
        Description = "The model directory (transformers.js / onnx-community layout); default $TACO_MODEL, \"model\" in taco.json, then the shipped taco-tiny.",
    };

    public static Option<string?> Dtype { get; } = new("--dtype") { Description = "Weight variant: fp32, fp16, q8, q4, q4f16 (default: the best one present)." };

    public static Option<string?> Profile { get; } = new("--profile")
    {
        Description = "How the model is spoken to: taco (the reference runtime's form for TACO checkpoints), taco-tiny or taco-chat (chat-native). Default: the model's generation_config.json \"taco_profile\", else taco for TACO checkpoints and llava models, taco-chat for other model types (taco models info shows which).",
    };

    public static Option<int> MaxSteps { get; } = new("--max-steps") { Description = "Most model replies per question.", DefaultValueFactory = _ => 10 };

    public static Option<int?> MaxNewTokens { get; } = new("--max-new-tokens") { Description = "Most tokens per model reply (default: the model's generation_config.json, else 256)." };

    public static Option<float> Temperature { get; } = new("--temperature") { Description = "Sampling temperature; 0 is greedy.", DefaultValueFactory = _ => 0f };

    public static Option<int?> Seed { get; } = new("--seed") { Description = "Seed that makes sampled runs reproducible." };

    public static Option<string[]> Tools { get; } = new("--tools")
    {
        Description = "Offer only these tools (comma-separated or repeated), e.g. --tools OCR,Calculate.",
    };

    public static Option<DirectoryInfo?> TraceDir { get; } = new("--trace-dir") { Description = "Write trace.jsonl and the images of the run to this directory, for taco replay (batch and eval: a folder per item id)." };

    public static Option<double?> TimeBudget { get; } = new("--time-budget") { Description = "Seconds the whole question may take." };

    public static Option<double> ToolTimeout { get; } = new("--tool-timeout")
    {
        Description = "Seconds one tool call may take before the model is told it timed out.",
        DefaultValueFactory = _ => 60,
    };

    public static Option<bool> NoConstrain { get; } = Flag(
        "--no-constrain",
        "Let the model write free text instead of only well-formed CoTA replies naming offered actions and existing images (constrained decoding is on by default).");

    public static Option<bool> NoGroundNumbers { get; } = Flag(
        "--no-ground-numbers",
        "Let the model write any number in a Terminate answer or a Calculate expression, not only numbers of the question or an observation (or their roundings) as constrained decoding does by default.");

    /// <summary>Every option of this class, in the order the commands list them.</summary>
    public static IReadOnlyList<Option> All =>
    [
        Model, Dtype, Profile, MaxSteps, MaxNewTokens, Temperature, Seed, Tools, TraceDir, TimeBudget, ToolTimeout, NoConstrain, NoGroundNumbers,
    ];

    public static void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Resolves and checks the options; the model is the one chosen, else the shipped taco-tiny (exit 4 when neither is usable).</summary>
    public static AgentRunSettings Read(OptionValues values)
    {
        var model = ModelPath(values, Model);
        var maxSteps = values.Get(MaxSteps);
        if (maxSteps < 1)
        {
            throw new CliException(ExitCodes.BadInput, $"{values.SourceOf(MaxSteps)} must be at least 1.");
        }

        if (values.Get(MaxNewTokens) is < 1)
        {
            throw new CliException(ExitCodes.BadInput, $"{values.SourceOf(MaxNewTokens)} must be at least 1.");
        }

        var temperature = values.Get(Temperature);
        if (temperature < 0 || !float.IsFinite(temperature))
        {
            throw new CliException(ExitCodes.BadInput, $"{values.SourceOf(Temperature)} must be 0 or more.");
        }

        var dtype = ReadDtype(values.Get(Dtype));

        ProtocolProfile? profile = null;
        if (values.Get(Profile) is { } profileName)
        {
            profile = ProtocolProfile.All.FirstOrDefault(p => p.Name == profileName)
                ?? throw new CliException(ExitCodes.BadInput, $"{values.SourceOf(Profile)} '{profileName}' is no profile; the profiles are {string.Join(", ", ProtocolProfile.All.Select(p => p.Name))}.");
        }

        return new AgentRunSettings
        {
            ModelDirectory = model,
            Dtype = dtype,
            Profile = profile,
            MaxSteps = maxSteps,
            MaxNewTokens = values.Get(MaxNewTokens),
            Temperature = temperature,
            Seed = values.Get(Seed),
            ToolsSource = values.SourceOf(Tools),
            Tools = [.. (values.Get(Tools) ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)],
            TimeBudget = values.Get(TimeBudget) is { } seconds
                ? seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new CliException(ExitCodes.BadInput, $"{values.SourceOf(TimeBudget)} must be positive.")
                : null,
            TraceDirectory = values.Get(TraceDir)?.FullName,
            ToolTimeout = values.Get(ToolTimeout) is var toolSeconds && toolSeconds > 0 && double.IsFinite(toolSeconds)
                ? TimeSpan.FromSeconds(toolSeconds)
                : throw new CliException(ExitCodes.BadInput, $"{values.SourceOf(ToolTimeout)} must be a positive number of seconds."),
            Constrain = !values.Get(NoConstrain),
            GroundNumbers = !values.Get(NoGroundNumbers),
        };
    }

    /// <summary>
    /// The model directory <paramref name="option"/> (a <c>--model</c>, read with <c>$TACO_MODEL</c> and taco.json's
    /// <c>"model"</c>) names, else the shipped taco-tiny (exit 4 when it is not usable). A chosen directory is used as
    /// given — a broken one is a model error naming it; only when nobody chose one does the shipped model step in.
    /// </summary>
    public static string ModelPath(OptionValues values, Option<DirectoryInfo?> option)
    {
        ArgumentNullException.ThrowIfNull(values);
        return (values.Get(option) ?? new DirectoryInfo(ShippedModels.Vlm.Resolve(chosen: null))).FullName;
    }

    /// <summary>A <c>--dtype</c> name as a dtype (null for none); bad input naming the known ones when it is none of them.</summary>
    public static ModelDtype? ReadDtype(string? name) =>
        name is null ? null
        : ModelDirectory.TryParseDtype(name, out var dtype) ? dtype
        : throw new CliException(ExitCodes.BadInput, $"Unknown dtype \"{name}\"; known: {ModelDirectory.DtypeNames}.");

    /// <summary>A switch shared by ask, batch and eval (off unless given, or set in TACO_* / taco.json).</summary>
    private static Option<bool> Flag(string name, string description) => new(name) { Description = description };
}
