using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Taco.Agent.Images;
using Taco.Agent.Runs;
using Taco.Imaging;
using Taco.Tools;

namespace Taco.Agent.Tracing;

/// <summary>
/// Writes a run to <c>&lt;dir&gt;/trace.jsonl</c> (one JSON line for the question, one
/// per step, one for the outcome, each flushed as it happens so a killed run keeps what
/// it did) and the images tools produced to <c>&lt;dir&gt;/images/</c>.
/// </summary>
public sealed class JsonlTraceWriter : IAgentObserver, IAsyncDisposable, IDisposable
{
    public const string TraceFileName = "trace.jsonl";
    public const string ImagesFolder = "images";

    private readonly string _directory;
    private readonly ITraceImageWriter _images;
    private readonly bool _writeInputImages;
    private readonly StreamWriter _writer;

    public JsonlTraceWriter(string directory, ITraceImageWriter? imageWriter = null, bool writeInputImages = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = directory;
        _images = imageWriter ?? new PngTraceImageWriter();
        _writeInputImages = writeInputImages;
        Directory.CreateDirectory(directory);
        TracePath = Path.Combine(directory, TraceFileName);
        _writer = new StreamWriter(TracePath, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
    }

    public string TracePath { get; }

    public async ValueTask OnStartAsync(AgentStart start, ImageStore images, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(images);
        if (_writeInputImages)
        {
            for (var i = 0; i < start.ImageHashes.Length; i++)
            {
                SaveImage(images, new ImageRef(i));
            }
        }

        await WriteAsync(TraceRecordType.Start, start, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask OnStepAsync(AgentStep agentStep, ImageStore images, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentStep);
        ArgumentNullException.ThrowIfNull(images);
        var files = new List<string>();
        foreach (var name in agentStep.NewImages)
        {
            if (ImageRef.TryParse(name, out var image) && image.Index < images.Count)
            {
                files.Add(SaveImage(images, image));
            }
        }

        if (agentStep.Outcome is { } outcome)
        {
            // What the tool derived for people (a depth map) sits beside the images, as images/<kind>-image-N.png.
            foreach (var artifact in outcome.Artifacts)
            {
                SaveCompanionImage(artifact.Kind, artifact.Image, artifact.Render());
            }
        }

        await WriteAsync(TraceRecordType.Step, agentStep with { ImageFiles = [.. files] }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask OnFinishedAsync(AgentOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);

        // The steps are already on their own lines; the outcome line carries the summary only.
        await WriteAsync(TraceRecordType.Outcome, outcome with { Steps = [] }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Keeps a picture derived from one of the run's images — e.g. its depth map — as
    /// <c>images/&lt;kind&gt;-image-N.png</c> beside the images themselves; returns the relative path.
    /// </summary>
    public string SaveCompanionImage(string kind, ImageRef image, RgbImage picture)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(picture);
        if (kind.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
        {
            throw new ArgumentException($"'{kind}' is not a file-name-safe kind (letters, digits, '-').", nameof(kind));
        }

        return Save(kind + "-" + image.Name, picture);
    }

    private string SaveImage(ImageStore images, ImageRef image) => Save(image.Name, images.GetPixels(image));

    private string Save(string name, RgbImage picture)
    {
        var folder = Path.Combine(_directory, ImagesFolder);
        Directory.CreateDirectory(folder);
        var relative = ImagesFolder + "/" + name + "." + _images.Extension;
        using var file = File.Create(Path.Combine(_directory, relative));
        _images.Write(picture, file);
        return relative;
    }

    private async Task WriteAsync<T>(string type, T record, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToNode(record, TraceJson.Options)!.AsObject();
        var line = new JsonObject { ["type"] = type };
        foreach (var (key, value) in body.ToList())
        {
            body.Remove(key);
            line[key] = value;
        }

        await _writer.WriteLineAsync(line.ToJsonString(TraceJson.Options).AsMemory(), cancellationToken).ConfigureAwait(false);
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    public void Dispose() => _writer.Dispose();
}
