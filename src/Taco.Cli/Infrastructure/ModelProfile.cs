using Taco.Agent.Protocol;
using Taco.Inference.Models;

namespace Taco.Cli.Infrastructure;

/// <summary>
/// Which protocol profile a model is spoken to with, and why: <c>--profile</c>; else the one the model directory
/// names (<c>taco_profile</c> in generation_config.json); else <c>taco</c> for a TACO checkpoint recognised by
/// the name its config.json records (<see cref="ModelDirectory.NamesTacoCheckpoint"/>); else, by model type,
/// <c>taco</c> for <c>llava</c> models — every released TACO checkpoint is one, and its config cannot tell it from
/// its base model — and <c>taco-chat</c> for the others (<c>idefics3</c>, <c>smolvlm</c>: general chat models,
/// no TACO checkpoint among them).
/// </summary>
internal sealed record ModelProfile(ProtocolProfile Profile, string Reason)
{
    /// <summary>The profile for <paramref name="directory"/>; an unknown name in the directory is a model error.</summary>
    public static ModelProfile For(ModelDirectory directory, ProtocolProfile? chosen = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (chosen is not null)
        {
            return new ModelProfile(chosen, "--profile");
        }

        if (directory.ProtocolProfileName is { } name)
        {
            try
            {
                return new ModelProfile(ProtocolProfile.Named(name), "taco_profile in generation_config.json");
            }
            catch (ArgumentException e)
            {
                throw new CliException(ExitCodes.ModelError, $"{Path.Combine(directory.Path, "generation_config.json")}: taco_profile: {e.Message.Split(" (Parameter", 2)[0]}");
            }
        }

        if (directory.NamesTacoCheckpoint)
        {
            return new ModelProfile(ProtocolProfile.Taco, $"a TACO checkpoint: config.json's _name_or_path is {directory.SourceName}");
        }

        return directory.Family == ModelFamily.Llava
            ? new ModelProfile(ProtocolProfile.Taco, $"model_type {directory.ModelType}, the type of every TACO checkpoint")
            : new ModelProfile(ProtocolProfile.TacoChat, $"model_type {directory.ModelType}, a chat model and no TACO checkpoint");
    }
}
