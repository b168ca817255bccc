using System.Text;
using System.Text.Json;
using Taco.Agent.Evaluation;
using Taco.Agent.Tracing;

namespace Taco.Cli.Infrastructure;

/// <summary>
/// The batch output: JSON Lines appended one whole line per finished item and flushed at once, so
/// a killed run loses nothing it finished. Opening with resume drops a torn last line (a run killed
/// mid-write) and reports the ids already done; with retry-failed it also takes out the failed lines
/// (the file is rewritten beside itself and renamed over, so a crash leaves the old or the new file whole)
/// so those items run again. A new output (or one --overwrite replaces) is only proved writable at
/// <see cref="Open"/> and made or emptied by <see cref="Start"/>, once the model has loaded: a run that
/// cannot start leaves nothing behind that the next run would have to be told to overwrite.
/// </summary>
internal sealed class ResultLog : IDisposable
{
    private readonly Lock _gate = new();
    private FileStream? _stream;

    private ResultLog(string path, FileStream? stream, IReadOnlyList<BatchResult> existing)
    {
        Path = path;
        _stream = stream;
        Existing = existing;
    }

    public string Path { get; }

    /// <summary>Results already in the file when it was opened (with resume).</summary>
    public IReadOnlyList<BatchResult> Existing { get; }

    public static ResultLog Open(string path, bool resume, bool overwrite, bool retryFailed = false)
    {
        if (retryFailed && overwrite)
        {
            throw new CliException(ExitCodes.BadInput, "--retry-failed continues the output and --overwrite replaces it: pass one of them.");
        }

        resume |= retryFailed;
        if (resume && overwrite)
        {
            throw new CliException(ExitCodes.BadInput, "--resume continues the output and --overwrite replaces it: pass one of them.");
        }

        if (Directory.Exists(path))
        {
            throw new CliException(ExitCodes.BadInput, $"the output {path} is a directory; give a file name.");
        }

        var exists = File.Exists(path);
        if (exists && !resume && !overwrite)
        {
            throw new CliException(ExitCodes.BadInput, $"{path} already exists: pass --resume to continue it or --overwrite to start over.");
        }

        if (!(exists && resume))
        {
            CheckWritable(path, exists);
            return new ResultLog(path, null, []);
        }

        var existing = new List<BatchResult>();
        var stream = OpenStream(path, FileMode.Open);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        var complete = Array.LastIndexOf(bytes, (byte)'\n') + 1;
        var lineNumber = 0;
        var kept = retryFailed ? new StringBuilder() : null;
        var dropped = false; // only with retryFailed, so kept is there whenever this is set
        foreach (var line in Encoding.UTF8.GetString(bytes, 0, complete).Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var result = ParseLine(line) ?? throw Corrupt(stream, path, lineNumber);
            if (retryFailed && result.Status == BatchResult.Failed)
            {
                dropped = true;
                continue;
            }

            existing.Add(result);
            kept?.Append(line).Append('\n');
        }

        if (dropped)
        {
            stream.Dispose();
            stream = Rewrite(path, Encoding.UTF8.GetBytes(kept!.ToString()));
        }
        else
        {
            // A run killed in the middle of a line leaves it without its newline: that item runs again.
            stream.SetLength(complete);
        }

        stream.Seek(0, SeekOrigin.End);
        return new ResultLog(path, stream, existing);
    }

    /// <summary>Makes (or, with --overwrite, empties) the output when <see cref="Open"/> did not open it: call once the run can start.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _stream ??= OpenStream(Path, FileMode.Create);
        }
    }

    public void Append(BatchResult result)
    {
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(result, TraceJson.Options) + "\n");
        lock (_gate)
        {
            var stream = _stream ?? throw new InvalidOperationException("Start the result log before appending to it.");

            // One write of the whole line, then out of our buffers: kill -9 after this loses nothing.
            try
            {
                stream.Write(line);
                stream.Flush();
            }
            catch (IOException e)
            {
                // A full disk or a failing device stops the whole run: every later line would fail the same way.
                throw new CliException(ExitCodes.IoError, $"the output {Path} cannot be written: {e.Message}");
            }
        }
    }

    public void Dispose()
    {
        try
        {
            _stream?.Dispose();
        }
        catch (IOException)
        {
            // Every line is flushed as it is written; what is left after a failed write is that line, already reported.
        }
    }

    internal static BatchResult? ParseLine(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<BatchResult>(line, TraceJson.Options) is { Id.Length: > 0 } result ? result : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static FileStream OpenStream(string path, FileMode mode)
    {
        try
        {
            if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) is { } dir)
            {
                Directory.CreateDirectory(dir);
            }

            return new FileStream(path, mode, FileAccess.ReadWrite, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.IoError, $"the output {path} cannot be written: {e.Message}");
        }
    }

    /// <summary>
    /// An I/O error now, before any model loads, when the output could not be made or replaced; creates
    /// nothing that stays: an existing file is opened for writing without being emptied, and a new one is
    /// proved by a probe file, deleted on close, in the nearest folder that exists.
    /// </summary>
    private static void CheckWritable(string path, bool exists)
    {
        try
        {
            if (exists)
            {
                using var existing = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                return;
            }

            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
            while (!Directory.Exists(folder))
            {
                if (File.Exists(folder))
                {
                    throw new IOException($"{folder} is a file, not a folder");
                }

                folder = System.IO.Path.GetDirectoryName(folder)!;
            }

            using var probe = new FileStream(System.IO.Path.Combine(folder, $".taco-write-check-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.IoError, $"the output {path} cannot be written: {e.Message}");
        }
    }

    // The kept lines go to a file beside the output, flushed to disk, then renamed over it.
    private static FileStream Rewrite(string path, byte[] content)
    {
        var temporary = path + ".retry-tmp";
        try
        {
            using (var writer = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                writer.Write(content);
                writer.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            return new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.IoError, $"the output {path} cannot be rewritten without its failed lines: {e.Message}");
        }
    }

    private static CliException Corrupt(FileStream stream, string path, int lineNumber)
    {
        stream.Dispose();
        return new CliException(ExitCodes.BadInput, FormattableString.Invariant($"{path}:{lineNumber} is not a taco batch result; not resuming over it (pass --overwrite to start over, or another --output)."));
    }
}
