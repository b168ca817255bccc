using System.Globalization;
using System.Text.Json;

namespace Taco.Cli.Infrastructure;

/// <summary>
/// Option defaults from <c>taco.json</c> (the working directory's, else
/// <c>$XDG_CONFIG_HOME/taco/taco.json</c>, else <c>~/.config/taco/taco.json</c>) and from
/// <c>TACO_*</c> environment variables. A key is an option's long name without the dashes
/// (<c>"max-steps"</c>); its variable is <c>TACO_</c> + the name in upper case with
/// underscores (<c>TACO_MAX_STEPS</c>). The command line wins over the environment, which wins
/// over the file, which wins over the built-in default.
/// </summary>
public sealed class TacoConfig
{
    public const string FileName = "taco.json";

    private readonly IReadOnlyDictionary<string, JsonElement> _values;
    private readonly Func<string, string?> _environment;

    private TacoConfig(string? path, IReadOnlyDictionary<string, JsonElement> values, Func<string, string?> environment)
    {
        Path = path;
        _values = values;
        _environment = environment;
    }

    /// <summary>The file the defaults came from; null when there is none.</summary>
    public string? Path { get; }

    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>Where taco looks for the file, first match wins.</summary>
    public static IReadOnlyList<string> SearchPaths(string workingDirectory, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var configHome = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg && System.IO.Path.IsPathRooted(xdg)
            ? xdg
            : System.IO.Path.Combine(home, ".config");
        return [System.IO.Path.Combine(workingDirectory, FileName), System.IO.Path.Combine(configHome, "taco", FileName)];
    }

    /// <summary>Finds and reads the file; a file that is not a JSON object is a one-line bad-input error.</summary>
    public static TacoConfig Load(string? workingDirectory = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var path = SearchPaths(workingDirectory ?? Directory.GetCurrentDirectory(), environment).FirstOrDefault(File.Exists);
        if (path is null)
        {
            return new TacoConfig(null, new Dictionary<string, JsonElement>(), environment);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}") : string.Empty;
            throw new CliException(ExitCodes.BadInput, $"{path} is not valid JSON{where}; fix or delete it.");
        }
        catch (IOException e)
        {
            throw new CliException(ExitCodes.BadInput, $"{path} cannot be read: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new CliException(ExitCodes.BadInput, $"{path} cannot be read: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CliException(ExitCodes.BadInput, $"{path} must hold one JSON object of option defaults, e.g. {{\"model\": \"models/taco\"}}.");
            }

            var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                values[property.Name.TrimStart('-')] = property.Value.Clone();
            }

            return new TacoConfig(path, values, environment);
        }
    }

    /// <summary>
    /// One warning line per key of the file that names no option in <paramref name="known"/> (a typo is
    /// otherwise silently ignored), with the closest known key when one is near.
    /// </summary>
    public IEnumerable<string> UnknownKeyWarnings(IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        foreach (var key in _values.Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal))
        {
            var closest = known.Select(k => (Key: k, Distance: EditDistance(key, k))).OrderBy(k => k.Distance).ThenBy(k => k.Key, StringComparer.Ordinal).FirstOrDefault();
            var hint = closest.Key is not null && closest.Distance <= Math.Max(2, key.Length / 3) ? $"; did you mean \"{closest.Key}\"?" : string.Empty;
            yield return $"\"{key}\" in {Path} is not an option taco knows; it is ignored{hint}";
        }
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    /// <summary><c>max-steps</c> → <c>TACO_MAX_STEPS</c>.</summary>
    public static string VariableName(string key) =>
        "TACO_" + key.TrimStart('-').Replace('-', '_').ToUpperInvariant();

    /// <summary>
    /// The default for <paramref name="key"/> as text, with where it came from (for error messages);
    /// null when neither the environment nor the file sets it. Relative paths in the file are
    /// relative to the file.
    /// </summary>
    public (string Text, string Source)? Lookup(string key, bool isPath = false)
    {
        key = key.TrimStart('-');
        var variable = VariableName(key);
        if (_environment(variable) is { Length: > 0 } fromEnvironment)
        {
            return (fromEnvironment, "$" + variable);
        }

        if (!_values.TryGetValue(key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var source = $"\"{key}\" in {Path}";
        if (isPath && value.ValueKind != JsonValueKind.String)
        {
            throw new CliException(ExitCodes.BadInput, $"{source} must be a path (a string), not {value.ValueKind.ToString().ToLowerInvariant()} {value.GetRawText()}.");
        }

        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new CliException(ExitCodes.BadInput, $"{source} must be a list of strings, not {value.GetRawText()}.");
        }
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind is JsonValueKind.String or JsonValueKind.Number) =>
                string.Join(",", value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText())),
            _ => throw new CliException(ExitCodes.BadInput, $"{source} must be a string, number, boolean or list, not {value.ValueKind.ToString().ToLowerInvariant()}."),
        };
        if (isPath && text.Length > 0 && !System.IO.Path.IsPathRooted(text))
        {
            text = System.IO.Path.GetFullPath(text, System.IO.Path.GetDirectoryName(Path!)!);
        }

        return (text, source);
    }
}
