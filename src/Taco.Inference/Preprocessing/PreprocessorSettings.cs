using System.Text.Json.Nodes;
using Taco.Imaging;
using Taco.Inference.Models;

namespace Taco.Inference.Preprocessing;

/// <summary>Settings of <c>preprocessor_config.json</c> that both image processors read, with clear errors.</summary>
internal static class PreprocessorSettings
{
    /// <summary>PIL's filter number from <c>resample</c> (1 Lanczos, 2 bilinear, 3 bicubic), else the processor's default.</summary>
    public static int Resample(JsonObject config, string file, int fallback)
    {
        var resample = ConfigValues.OptionalInt(config, file, "resample") ?? fallback;
        return resample is RgbImage.PilLanczos or RgbImage.PilBilinear or RgbImage.PilBicubic
            ? resample
            : throw new ModelLoadException($"{file}: resample {resample} is not supported (1 Lanczos, 2 bilinear, 3 bicubic).");
    }

    /// <summary><c>(x · rescale_factor − mean) / std</c>, with the do_rescale/do_normalize switches honoured.</summary>
    public static ChannelNormalization Normalization(JsonObject config, string file)
    {
        var rescale = ConfigValues.Bool(config, file, "do_rescale", true) ? (float)(ConfigValues.OptionalNumber(config, file, "rescale_factor") ?? 1.0 / 255) : 1f;
        if (!ConfigValues.Bool(config, file, "do_normalize", true))
        {
            return new ChannelNormalization([0f, 0f, 0f], [1f, 1f, 1f], rescale);
        }

        return new ChannelNormalization(Triple(config, file, "image_mean"), Triple(config, file, "image_std"), rescale);
    }

    private static float[] Triple(JsonObject config, string file, string name) => ConfigValues.Numbers(config, file, name) switch
    {
        { Length: 3 } three => three,
        { Length: 1 } one => [one[0], one[0], one[0]],
        _ => throw new ModelLoadException($"{file}: \"{name}\" must be a number or three numbers."),
    };
}
