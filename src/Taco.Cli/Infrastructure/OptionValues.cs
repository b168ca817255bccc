using System.CommandLine;
using System.Globalization;

namespace Taco.Cli.Infrastructure;

/// <summary>
/// Reads an option with its configured default: the command line, else <c>TACO_*</c>, else
/// <c>taco.json</c>, else the option's built-in default (<see cref="TacoConfig"/>).
/// </summary>
internal sealed class OptionValues(ParseResult parse, TacoConfig config)
{
    public TacoConfig Config => config;

    public T Get<T>(Option<T> option) => GetWithSource(option).Value;

    /// <summary>
    /// Where the option's value came from, for an error about it: <c>--max-steps</c>, <c>$TACO_MAX_STEPS</c>
    /// or <c>"max-steps" in /path/taco.json</c> (the option's name for the built-in default).
    /// </summary>
    public string SourceOf<T>(Option<T> option) => GetWithSource(option).Source ?? option!.Name;

    /// <summary>
    /// The value and where it came from: the option's name when given on the command line, the
    /// environment variable or config file that set it, or null for the built-in default. An empty
    /// configured path counts as not set.
    /// </summary>
    public (T Value, string? Source) GetWithSource<T>(Option<T> option)
    {
        ArgumentNullException.ThrowIfNull(option);
        if (parse.GetResult(option) is { Implicit: false })
        {
            return (parse.GetValue(option)!, option.Name);
        }

        var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        var isPath = type == typeof(DirectoryInfo) || type == typeof(FileInfo);
        if (config.Lookup(option.Name, isPath) is not var (text, source) || (isPath && text.Trim().Length == 0))
        {
            return (parse.GetValue(option)!, null);
        }

        return ((T)Convert(type, text.Trim(), source), source);
    }

    private static object Convert(Type type, string text, string source)
    {
        if (type == typeof(string))
        {
            return text;
        }

        if (type == typeof(string[]))
        {
            return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        if (type == typeof(DirectoryInfo))
        {
            return new DirectoryInfo(text);
        }

        if (type == typeof(FileInfo))
        {
            return new FileInfo(text);
        }

        if (type == typeof(int))
        {
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
                ? i
                : throw Bad(source, text, "a whole number");
        }

        if (type == typeof(float))
        {
            return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && float.IsFinite(f)
                ? f
                : throw Bad(source, text, "a number");
        }

        if (type == typeof(double))
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                ? d
                : throw Bad(source, text, "a number");
        }

        if (type == typeof(bool))
        {
            return text.ToUpperInvariant() switch
            {
                "TRUE" or "1" or "YES" or "ON" => true,
                "FALSE" or "0" or "NO" or "OFF" => false,
                _ => throw Bad(source, text, "true or false"),
            };
        }

        throw new InvalidOperationException($"options of type {type.Name} cannot take a configured default");
    }

    private static CliException Bad(string source, string text, string expected) =>
        new(ExitCodes.BadInput, $"{source} must be {expected}, not '{text}'.");
}
