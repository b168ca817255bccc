using Taco.Imaging;

namespace Taco.Cli.Infrastructure;

/// <summary>Input images: decoded once by Taco.Imaging (guard rails, EXIF); the same image goes to the model and the tools.</summary>
internal static class CliImages
{
    /// <summary>Decodes a file; a missing, unreadable or non-image file becomes a one-line bad-input error.</summary>
    public static RgbImage Load(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CliException(ExitCodes.BadInput, $"{path} is a directory, not an image file.");
        }

        // ImageDecodeException names the file and the reason; TacoApp maps it to BadInput.
        return ImageDecoder.Decode(path);
    }

    /// <summary>
    /// Bad input for an image name that cannot be a local file: empty (it would name the folder it is
    /// relative to) or a URL (it would become a path like <c>http:/example.com/x.png</c>). <paramref name="where"/> names the source.
    /// </summary>
    public static void CheckName(string name, string where)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new CliException(ExitCodes.BadInput, $"{where}: an image name is empty.");
        }

        if (name.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(name, UriKind.Absolute, out var uri) && !uri.IsFile)
        {
            throw new CliException(ExitCodes.BadInput, $"{where}: \"{TerminalText.Safe(name)}\" is a URL; taco reads local image files and fetches nothing, so download it first.");
        }
    }
}
