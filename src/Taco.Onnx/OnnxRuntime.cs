using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Taco.Onnx.Interop;

namespace Taco.Onnx;

/// <summary>
/// The loaded ONNX Runtime library, its API table and the process-wide environment.
/// ONNX Runtime allows one environment per process, so there is one instance, created
/// explicitly by <see cref="Initialize"/> (never by a static constructor: a missing library
/// must be an exception the caller can report, not a type-initialization failure).
/// </summary>
public sealed unsafe class OnnxRuntime : IDisposable
{
    /// <summary>The OrtApi version we bind; ONNX Runtime 1.30 serves it and every older one.</summary>
    public const uint ApiVersion = 23;

    private static readonly Lock Gate = new();
    private static OnnxRuntime? s_current;

    private readonly nint _library;
    private readonly GCHandle _loggerHandle;
    private readonly Lazy<IReadOnlyList<string>> _providers;

    private OnnxRuntime(string libraryPath, nint library, OrtApi* api, OnnxRuntimeOptions options)
    {
        LibraryPath = libraryPath;
        _library = library;
        Api = api;
        Version = Marshal.PtrToStringUTF8(VersionStringFromBase(library)) ?? "unknown";
        BuildInfo = api->GetBuildInfoString is null ? string.Empty : Marshal.PtrToStringUTF8((nint)api->GetBuildInfoString()) ?? string.Empty;

        nint env;
        var logId = Utf8Strings.Allocate(options.LogId);
        try
        {
            if (options.Logger is { } logger)
            {
                _loggerHandle = GCHandle.Alloc(logger);
                Check(api->CreateEnvWithCustomLogger(&OnLog, GCHandle.ToIntPtr(_loggerHandle), options.LogLevel, (byte*)logId, &env));
            }
            else
            {
                Check(api->CreateEnv(OrtLoggingLevel.Fatal, (byte*)logId, &env));
            }
        }
        finally
        {
            NativeMemory.Free((void*)logId);
        }

        Env = new OrtHandle(env, api->ReleaseEnv);

        nint allocator;
        Check(api->GetAllocatorWithDefaultOptions(&allocator));
        DefaultAllocator = allocator;

        nint memoryInfo;
        Check(api->CreateCpuMemoryInfo(1 /* OrtArenaAllocator */, 0 /* OrtMemTypeDefault */, &memoryInfo));
        CpuMemoryInfo = new OrtHandle(memoryInfo, api->ReleaseMemoryInfo);
        _providers = new Lazy<IReadOnlyList<string>>(ReadProviders);
    }

    /// <summary>The path the library was loaded from.</summary>
    public string LibraryPath { get; }

    /// <summary>ONNX Runtime's version string, e.g. <c>1.30.0</c>.</summary>
    public string Version { get; }

    public string BuildInfo { get; }

    /// <summary>Execution providers compiled into the loaded library, e.g. <c>CPUExecutionProvider</c>.</summary>
    public IReadOnlyList<string> AvailableProviders => _providers.Value;

    internal OrtApi* Api { get; }

    internal OrtHandle Env { get; }

    internal OrtHandle CpuMemoryInfo { get; }

    /// <summary>ONNX Runtime's default CPU allocator; owned by the library, never released.</summary>
    internal nint DefaultAllocator { get; }

    /// <summary>
    /// Loads ONNX Runtime (once per process) and returns it. Later calls return the same
    /// instance; asking for a different library than the one already loaded is an error.
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

                return existing;
            }

            var path = OrtLibraryLocator.Resolve(options.LibraryPath);
            if (!NativeLibrary.TryLoad(path, out var library))
            {
                throw new OrtLibraryNotFoundException(
                    $"ONNX Runtime library exists but could not be loaded: {path}. Likely causes: 1) a build for another OS or CPU architecture; "
                    + $"2) a damaged file (re-run {OrtLibraryLocator.InstallCommand}); 3) missing system libraries (check with ldd).",
                    [path]);
            }

            if (!NativeLibrary.TryGetExport(library, "OrtGetApiBase", out var getApiBase))
            {
                NativeLibrary.Free(library);
                throw new OrtLibraryNotFoundException($"{path} is not ONNX Runtime: it has no OrtGetApiBase export.", [path]);
            }

            var apiBase = ((delegate* unmanaged<nint>)getApiBase)();
            var getApi = ((delegate* unmanaged<uint, OrtApi*>*)apiBase)[0];
            var api = getApi(ApiVersion);
            if (api is null)
            {
                var version = Marshal.PtrToStringUTF8(((delegate* unmanaged<nint>*)apiBase)[1]());
                NativeLibrary.Free(library);
                throw new OrtLibraryNotFoundException(
                    $"ONNX Runtime at {path} (version {version}) does not serve API version {ApiVersion}; taco needs {OrtLibraryLocator.OrtVersion} or newer.",
                    [path]);
            }

            s_current = new OnnxRuntime(path, library, api, options);
            return s_current;
        }
    }

    public void Dispose()
    {
        lock (Gate)
        {
            CpuMemoryInfo.Dispose();
            Env.Dispose();
            if (_loggerHandle.IsAllocated)
            {
                // The environment may still be referenced by live sessions; the logger must
                // outlive them, so the handle is only freed once the environment is gone.
                if (Env.IsClosed)
                {
                    _loggerHandle.Free();
                }
            }

            if (ReferenceEquals(s_current, this))
            {
                s_current = null;
            }
        }
    }

    /// <summary>Turns an OrtStatus into an <see cref="OrtException"/>, always releasing the status.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Check(nint status)
    {
        if (status != 0)
        {
            ThrowStatus(status);
        }
    }

    /// <summary>Reads and releases a status, returning it as an exception (or null for success).</summary>
    internal OrtException? TakeError(nint status)
    {
        if (status == 0)
        {
            return null;
        }

        var code = Api->GetErrorCode(status);
        var message = Marshal.PtrToStringUTF8((nint)Api->GetErrorMessage(status)) ?? string.Empty;
        Api->ReleaseStatus(status);
        return new OrtException(code, message);
    }

    /// <summary>Frees a buffer that ONNX Runtime allocated with the default allocator.</summary>
    internal void FreeAllocated(void* pointer)
    {
        if (pointer is not null)
        {
            Check(Api->AllocatorFree(DefaultAllocator, pointer));
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowStatus(nint status) => throw TakeError(status)!;

    private static nint VersionStringFromBase(nint library)
    {
        var getApiBase = (delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "OrtGetApiBase");
        return ((delegate* unmanaged<nint>*)getApiBase())[1]();
    }

    private string[] ReadProviders()
    {
        byte** names;
        int count;
        Check(Api->GetAvailableProviders(&names, &count));
        try
        {
            var list = new string[count];
            for (var i = 0; i < count; i++)
            {
                list[i] = Marshal.PtrToStringUTF8((nint)names[i]) ?? string.Empty;
            }

            return list;
        }
        finally
        {
            Check(Api->ReleaseAvailableProviders(names, count));
        }
    }

    private static bool PathsEqual(string a, string b) =>
        string.Equals(a, b, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    [UnmanagedCallersOnly]
    private static void OnLog(nint param, OrtLoggingLevel severity, byte* category, byte* logId, byte* codeLocation, byte* message)
    {
        try
        {
            if (GCHandle.FromIntPtr(param).Target is not ILogger logger)
            {
                return;
            }

            var level = severity switch
            {
                OrtLoggingLevel.Verbose => LogLevel.Trace,
                OrtLoggingLevel.Info => LogLevel.Information,
                OrtLoggingLevel.Warning => LogLevel.Warning,
                OrtLoggingLevel.Error => LogLevel.Error,
                _ => LogLevel.Critical,
            };
            if (!logger.IsEnabled(level))
            {
                return;
            }

#pragma warning disable CA1848, CA2254 // ORT's messages are free text; the template is fixed
            logger.Log(
                level,
                "onnxruntime [{Category}] {Message} ({Location})",
                Marshal.PtrToStringUTF8((nint)category),
                Marshal.PtrToStringUTF8((nint)message),
                Marshal.PtrToStringUTF8((nint)codeLocation));
#pragma warning restore CA1848, CA2254
        }
#pragma warning disable CA1031 // an exception must never unwind into native code
        catch (Exception)
        {
        }
#pragma warning restore CA1031
    }
}
