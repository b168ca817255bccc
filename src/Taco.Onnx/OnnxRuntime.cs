using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Taco.Onnx;

/// <summary>
/// The process-wide ONNX Runtime environment of the official <c>Microsoft.ML.OnnxRuntime</c> package.
/// ONNX Runtime allows one environment per process, so there is one instance, created explicitly by
/// <see cref="Initialize"/> (never by a static constructor: a missing library must be an exception the
/// caller can report, not a type-initialization failure).
/// </summary>
public sealed class OnnxRuntime : IDisposable
{
    private static readonly Lock Gate = new();
    private static OnnxRuntime? s_current;
    private static string? s_resolvedLibrary;

    // ONNX Runtime calls the logging delegate for the life of the process: keep it reachable.
    private static Ort.DOrtLoggingFunction? s_logFunction;

    private readonly Lazy<IReadOnlyList<string>> _providers;

    private OnnxRuntime(string libraryPath, Ort.OrtEnv env)
    {
        LibraryPath = libraryPath;
        Env = env;
        Version = env.GetVersionString();
        _providers = new Lazy<IReadOnlyList<string>>(() => env.GetAvailableProviders());
    }

    /// <summary>The path the native library was loaded from.</summary>
    public string LibraryPath { get; }

    /// <summary>ONNX Runtime's version string, e.g. <c>1.32.0</c>.</summary>
    public string Version { get; }

    /// <summary>Execution providers compiled into the loaded library, e.g. <c>CPUExecutionProvider</c>.</summary>
    public IReadOnlyList<string> AvailableProviders => _providers.Value;

    /// <summary>
    /// The provider every session runs on unless its <see cref="SessionOptions.ExecutionProvider"/> says otherwise:
    /// <see cref="OnnxRuntimeOptions.ExecutionProvider"/>, checked to start when the runtime was initialised; CPU by default.
    /// </summary>
    public string ExecutionProvider { get; private set; } = ExecutionProviders.Cpu;

    internal Ort.OrtEnv Env { get; }

    /// <summary>
    /// Creates the environment (once per process) and returns it. Later calls return the same
    /// instance; asking for a different library, or another execution provider, than the one already
    /// in use is an error. A provider the library lacks, or that cannot start, is an <see cref="ExecutionProviderException"/>.
    /// </summary>
    public static OnnxRuntime Initialize(OnnxRuntimeOptions? options = null)
    {
        options ??= new OnnxRuntimeOptions();
        lock (Gate)
        {
            if (s_current is { } existing)
            {
                if (options.LibraryPath is { } wanted && !PathsEqual(Path.GetFullPath(wanted), existing.LibraryPath))
                {
                    throw new InvalidOperationException(
                        $"ONNX Runtime is already loaded from {existing.LibraryPath}; one process cannot also load {wanted}.");
                }

                if (options.ExecutionProvider is { } provider && ExecutionProviders.Resolve(existing, provider) is var resolved && resolved != existing.ExecutionProvider)
                {
                    throw new InvalidOperationException(
                        $"ONNX Runtime already runs on {existing.ExecutionProvider} in this process; one process cannot also run on {resolved}.");
                }

                return existing;
            }

            var path = OrtLibraryLocator.Resolve(options.LibraryPath);
            if (s_resolvedLibrary is null)
            {
                // Every P/Invoke of the official package loads exactly the library resolved here, so
                // --ort-library and doctor's report name the file that really runs.
                NativeLibrary.SetDllImportResolver(typeof(Ort.OrtEnv).Assembly, ResolveImport);
            }
            else if (!PathsEqual(s_resolvedLibrary, path))
            {
                throw new InvalidOperationException(
                    $"ONNX Runtime was loaded from {s_resolvedLibrary}; one process cannot also load {path}.");
            }

            s_resolvedLibrary = path;
            OrtTelemetry.DisableBeforeStart();
            var env = CreateEnv(path, options);
            // Kept even when the provider below fails: the environment exists now, and the next call reuses it.
            var runtime = new OnnxRuntime(path, env);
            s_current = runtime;
            if (options.ExecutionProvider is { } chosen)
            {
                runtime.ExecutionProvider = ExecutionProviders.Resolve(runtime, chosen);
            }

            return runtime;
        }
    }

    /// <summary>
    /// Forgets this instance; the next <see cref="Initialize"/> returns a new one over the same environment
    /// (ONNX Runtime keeps one per process and releases it at exit).
    /// </summary>
    public void Dispose()
    {
        lock (Gate)
        {
            if (ReferenceEquals(s_current, this))
            {
                s_current = null;
            }
        }
    }

    private static Ort.OrtEnv CreateEnv(string path, OnnxRuntimeOptions options)
    {
        try
        {
            var creation = new Ort.EnvironmentCreationOptions { logId = options.LogId, logLevel = Ort.OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
            if (options.Logger is { } logger)
            {
                s_logFunction = (_, severity, category, _, codeLocation, message) => Log(logger, severity, category, codeLocation, message);
                creation.logLevel = (Ort.OrtLoggingLevel)options.LogLevel;
                creation.loggingFunction = s_logFunction;
            }

            var env = Ort.OrtEnv.CreateInstanceWithOptions(ref creation);
            env.DisableTelemetryEvents();
            return env;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or TypeInitializationException or Ort.OnnxRuntimeException)
        {
            var cause = e is TypeInitializationException { InnerException: { } inner } ? inner : e;
            var reason = string.Join(' ', cause.Message.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            throw new OrtLibraryNotFoundException(
                $"ONNX Runtime at {path} could not be started ({cause.GetType().Name}: {reason}). Likely causes: 1) a build for another OS or CPU "
                + $"architecture; 2) a version older than {OrtLibraryLocator.OrtVersion}, which the Microsoft.ML.OnnxRuntime package needs; 3) missing system libraries (check with ldd).",
                [path]);
        }
    }

    private static nint ResolveImport(string name, System.Reflection.Assembly assembly, DllImportSearchPath? searchPath) =>
        name == OrtLibraryLocator.ImportName && s_resolvedLibrary is { } path ? NativeLibrary.Load(path) : 0;

    private static bool PathsEqual(string a, string b) =>
        string.Equals(a, b, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static void Log(ILogger logger, Ort.OrtLoggingLevel severity, string category, string codeLocation, string message)
    {
        try
        {
            var level = severity switch
            {
                Ort.OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE => LogLevel.Trace,
                Ort.OrtLoggingLevel.ORT_LOGGING_LEVEL_INFO => LogLevel.Information,
                Ort.OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING => LogLevel.Warning,
                Ort.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            if (!logger.IsEnabled(level))
            {
                return;
            }

#pragma warning disable CA1848, CA2254 // ORT's messages are free text; the template is fixed
            logger.Log(level, "onnxruntime [{Category}] {Message} ({Location})", category, message, codeLocation);
#pragma warning restore CA1848, CA2254
        }
#pragma warning disable CA1031 // an exception must never unwind into native code
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }
}
