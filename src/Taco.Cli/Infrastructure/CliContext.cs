using System.CommandLine;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Spectre.Console;
using Taco.Onnx;
using Taco.Tools.Ocr;

namespace Taco.Cli.Infrastructure;

/// <summary>What a command needs from its surroundings: output streams, logging, the ONNX Runtime.</summary>
public sealed class CliContext : IDisposable
{
    private readonly SerilogLoggerFactory _loggerFactory;
    private readonly Serilog.Core.Logger _serilog;
    private readonly OrtLoggingLevel _ortLogLevel;
    private readonly ParseResult _parse;
    private OnnxRuntime? _runtime;
    private OptionValues? _values;

    internal CliContext(ParseResult parse, TextWriter output, TextWriter error)
    {
        _parse = parse;
        Output = output;
        Error = error;
        OrtLibraryPath = parse.GetValue(GlobalOptions.OrtLibrary)?.FullName;
        var logFile = parse.GetValue(GlobalOptions.LogFile);
        var verbose = parse.GetValue(GlobalOptions.Verbose);
        _ortLogLevel = verbose || logFile is not null ? OrtLoggingLevel.Info : OrtLoggingLevel.Warning;

        var config = new LoggerConfiguration().MinimumLevel.Verbose();
        if (verbose)
        {
            config = config.WriteTo.Sink(new TextWriterSink(error, LogEventLevel.Debug));
        }
        if (logFile is not null)
        {
            CheckLogFile(logFile.FullName);
            config = config.WriteTo.File(logFile.FullName, restrictedToMinimumLevel: LogEventLevel.Verbose);
        }

        _serilog = config.CreateLogger();
        _loggerFactory = new SerilogLoggerFactory(_serilog, dispose: false);
        // Colour and wrapping only for a person at a terminal; pipes, files and tests get plain lines.
        IsInteractive = ReferenceEquals(output, System.Console.Out) && !System.Console.IsOutputRedirected;
        var plain = NoColor || !IsInteractive;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = IsInteractive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!IsInteractive)
        {
            Console.Profile.Width = 4096;
        }
    }

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>Rendering for people, over <see cref="Output"/>.</summary>
    public IAnsiConsole Console { get; }

    public string? OrtLibraryPath { get; }

    /// <summary>
    /// <c>auto</c>, <c>ppocr</c> or <c>tesseract</c> (<c>--ocr-engine</c>, <c>$TACO_OCR_ENGINE</c>, <c>"ocr-engine"</c> in taco.json);
    /// a configured name that is none of them is bad input naming where it came from.
    /// </summary>
    public string OcrEngineName
    {
        get
        {
            var (name, source) = Values.GetWithSource(GlobalOptions.OcrEngine);
            return GlobalOptions.UnknownOcrEngine(name, source ?? GlobalOptions.OcrEngine.Name) is { } error
                ? throw new CliException(ExitCodes.BadInput, error)
                : OcrEngines.Find(name)!;
        }
    }

    /// <summary>Option values with their configured defaults; reading the config file on first use.</summary>
    internal OptionValues Values => _values ??= LoadValues();

    /// <summary>
    /// The depth model directory someone chose and where (<c>--depth-model</c>, <c>$TACO_DEPTH_MODEL</c>,
    /// <c>"depth-model"</c> in taco.json); null when nobody did (then <see cref="ShippedModels.Depth"/> uses the shipped one).
    /// </summary>
    internal (string Path, string Source)? DepthModelSetting =>
        Values.GetWithSource(GlobalOptions.DepthModel) is ({ } folder, { } source) ? (folder.FullName, source) : null;

    /// <summary>Standard output is a terminal (progress bars, colour, wrapping).</summary>
    public bool IsInteractive { get; }

    public static bool NoColor => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string category) => _loggerFactory.CreateLogger(category);

    private OptionValues LoadValues()
    {
        var config = TacoConfig.Load();
        foreach (var warning in config.UnknownKeyWarnings(KnownKeys(_parse.RootCommandResult.Command)))
        {
            Error.WriteLine($"taco: warning: {warning}");
        }

        return new OptionValues(_parse, config);
    }

    /// <summary>Every option name of every command, without its dashes: the keys taco.json may set.</summary>
    private static HashSet<string> KnownKeys(Command root)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Command>([root]);
        while (pending.Count > 0)
        {
            var command = pending.Pop();
            keys.UnionWith(command.Options.Select(o => o.Name.TrimStart('-')));
            foreach (var sub in command.Subcommands)
            {
                pending.Push(sub);
            }
        }

        keys.Remove("help");
        keys.Remove("version");
        return keys;
    }

    /// <summary>Logs the moment Ctrl-C (or SIGTERM) cancels the command; dispose the registration when the command ends.</summary>
    internal CancellationTokenRegistration LogCancellation(CancellationToken cancellationToken) =>
        cancellationToken.Register(() => _serilog.Information("cancellation requested; stopping at the next point that can stop"));

    /// <summary>Loads ONNX Runtime on first use; a missing library becomes a <see cref="CliException"/> with the fix.</summary>
    public OnnxRuntime Runtime
    {
        get
        {
            if (_runtime is null)
            {
                var (provider, source) = Values.GetWithSource(GlobalOptions.ExecutionProvider);
                try
                {
                    _runtime = OnnxRuntime.Initialize(new OnnxRuntimeOptions
                    {
                        LibraryPath = OrtLibraryPath,
                        ExecutionProvider = string.IsNullOrWhiteSpace(provider) ? null : provider,
                        Logger = CreateLogger("onnxruntime"),
                        LogLevel = _ortLogLevel,
                    });
                }
                catch (OrtLibraryNotFoundException e)
                {
                    throw new CliException(ExitCodes.MissingDependency, e.Message);
                }
                catch (ExecutionProviderException e)
                {
                    // The runtime is there but lacks what was asked for: a missing dependency, named with where the ask came from.
                    throw new CliException(ExitCodes.MissingDependency, $"{source}: {e.Message}", e);
                }
            }

            return _runtime;
        }
    }

    // Serilog's file sink drops what it cannot write without a word; a log asked for and not written is an error.
    private static void CheckLogFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CliException(ExitCodes.BadInput, $"--log-file {path} is a folder; give a file name.");
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var probe = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.IoError, $"--log-file {path} cannot be written: {e.Message}");
        }
    }

    public void Dispose()
    {
        _loggerFactory.Dispose();
        _serilog.Dispose();
    }
}
