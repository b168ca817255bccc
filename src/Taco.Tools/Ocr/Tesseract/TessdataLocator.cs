using System.Text;

namespace Taco.Tools.Ocr.Tesseract;

/// <summary>
/// Finds the folder holding <c>&lt;language&gt;.traineddata</c>: the configured path, then
/// <c>TESSDATA_PREFIX</c> (which Tesseract 4+ reads as the tessdata folder itself, though
/// many set it to the parent), then the usual install locations.
/// </summary>
public static class TessdataLocator
{
    public const string PrefixVariable = "TESSDATA_PREFIX";

    public static IReadOnlyList<string> WellKnownFolders { get; } =
    [
        "/usr/share/tesseract-ocr/5/tessdata",
        "/usr/share/tesseract-ocr/4.00/tessdata",
        "/usr/share/tessdata",
        "/usr/local/share/tessdata",
        "/opt/homebrew/share/tessdata",
        "/usr/local/share/tesseract-ocr/tessdata",
    ];

    public static string Locate(string? configured, string language)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        var file = language + ".traineddata";
        var tried = new List<string>();
        foreach (var folder in Candidates(configured))
        {
            var path = Path.Combine(folder, file);
            tried.Add(path);
            if (File.Exists(path))
            {
                return Path.GetFullPath(folder);
            }

            // Configured explicitly but wrong: say so rather than silently using another install.
            if (configured is not null && ReferenceEquals(folder, configured))
            {
                throw new TesseractException($"The configured tessdata folder '{configured}' has no {file}.");
            }
        }

        var sb = new StringBuilder($"Tesseract's language data {file} was not found. Looked in:\n");
        foreach (var t in tried)
        {
            sb.Append("  - ").Append(t).Append('\n');
        }

        sb.Append("Install it (Debian/Ubuntu: sudo apt-get install tesseract-ocr-").Append(language)
          .Append("), set ").Append(PrefixVariable).Append(" to the folder that holds ").Append(file)
          .Append(", or pass that folder in the OCR options.");
        throw new TesseractException(sb.ToString());
    }

    private static IEnumerable<string> Candidates(string? configured)
    {
        if (configured is not null)
        {
            yield return configured;
        }

        if (Environment.GetEnvironmentVariable(PrefixVariable) is { Length: > 0 } prefix)
        {
            yield return prefix;
            yield return Path.Combine(prefix, "tessdata");
        }

        foreach (var folder in WellKnownFolders)
        {
            yield return folder;
        }
    }
}
