using System.Security.Cryptography;
using Taco.Tools;

namespace Taco.Agent.Images;

/// <summary>
/// The images of one conversation: inputs are <c>image-0 … image-(n-1)</c>, images tools
/// produce get the following ids in the order they are added. Each image's content hash
/// keys the tool-result cache, so the same picture under another id or in another
/// question reuses results.
/// </summary>
public sealed class ImageStore : IToolImages, IImageSink
{
    private readonly List<PixelBuffer> _images = [];
    private readonly List<string?> _hashes = [];
    private readonly Lock _gate = new();

    public ImageStore(IEnumerable<PixelBuffer>? inputs = null)
    {
        foreach (var image in inputs ?? [])
        {
            Add(image);
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _images.Count;
            }
        }
    }

    public ImageRef Add(PixelBuffer image)
    {
        ArgumentNullException.ThrowIfNull(image);
        lock (_gate)
        {
            _images.Add(image);
            _hashes.Add(null);
            return new ImageRef(_images.Count - 1);
        }
    }

    public PixelBuffer GetPixels(ImageRef image)
    {
        lock (_gate)
        {
            if (image.Index >= _images.Count)
            {
                throw ToolExecutionException.Value($"{image.Name} does not exist; there are {_images.Count} images");
            }

            return _images[image.Index];
        }
    }

    /// <summary>SHA-256 of size, format and pixel rows (stride padding excluded), lower-case hex.</summary>
    public string ContentHash(ImageRef image)
    {
        PixelBuffer pixels;
        lock (_gate)
        {
            pixels = GetPixels(image);
            if (_hashes[image.Index] is { } known)
            {
                return known;
            }
        }

        var hash = Hash(pixels);
        lock (_gate)
        {
            _hashes[image.Index] = hash;
        }

        return hash;
    }

    public static string Hash(PixelBuffer pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[12];
        BitConverter.TryWriteBytes(header[..4], pixels.Width);
        BitConverter.TryWriteBytes(header[4..8], pixels.Height);
        BitConverter.TryWriteBytes(header[8..], (int)pixels.Format);
        sha.AppendData(header);
        for (var y = 0; y < pixels.Height; y++)
        {
            sha.AppendData(pixels.Row(y));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
