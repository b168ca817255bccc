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

    /// <summary><c>(x · rescale_factor − mean) / std</c>, with the do_rescale/do_normalize switches honoured; mean and std are required.</summary>
    public static ChannelNormalization Normalization(JsonObject config, string file)
    {
        try
        {
            return PreprocessorNormalization.Read(config, file, defaults: null);
        }
        catch (FormatException e)
        {
            throw new ModelLoadException(e.Message, e);
        }
    }
}
