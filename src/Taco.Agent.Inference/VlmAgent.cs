using Taco.Agent.Runs;
using Taco.Inference;
using Taco.Inference.Generation;
using Taco.Inference.Models;
using Taco.Tools;

namespace Taco.Agent.Inference;

/// <summary>
/// A vision-language model loaded from its directory, the <see cref="VlmActionModel"/> over it and the
/// <see cref="CotaAgent"/> that speaks to it, owned together: disposing it releases every conversation's KV cache,
/// then the model's sessions. The sessions, the tokenizer and the agent are safe to share between questions
/// asked at the same time; each question gets its own conversation.
/// </summary>
public sealed class VlmAgent : IDisposable
{
    private VlmAgent(VisionLanguageModel model, VlmActionModel actionModel, CotaAgent agent)
    {
        Model = model;
        ActionModel = actionModel;
        Agent = agent;
    }

    public VisionLanguageModel Model { get; }

    public VlmActionModel ActionModel { get; }

    public CotaAgent Agent { get; }

    /// <summary>
    /// Loads the model in <paramref name="directory"/> and builds the agent over it with the tools of
    /// <paramref name="registry"/>. <paramref name="agentOptions"/> is given the opened model directory (to choose the
    /// protocol profile it is spoken to with); <paramref name="constrain"/> and <paramref name="groundNumbers"/> are
    /// <see cref="VlmActionModel"/>'s. When a step after loading fails, the model is released before the exception
    /// goes on.
    /// </summary>
    public static VlmAgent Load(
        string directory,
        ModelLoadOptions loadOptions,
        GenerationOptions generation,
        ToolRegistry registry,
        Func<ModelDirectory, AgentOptions> agentOptions,
        bool constrain = true,
        bool groundNumbers = true)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(loadOptions);
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(agentOptions);
        var model = VisionLanguageModel.Load(directory, loadOptions);
        try
        {
            var options = agentOptions(model.Directory);
            var actionModel = new VlmActionModel(model, generation, constrain, groundNumbers: groundNumbers);
            return new VlmAgent(model, actionModel, new CotaAgent(actionModel, registry, options));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        ActionModel.Dispose();
        Model.Dispose();
    }
}
