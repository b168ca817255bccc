using System.Security.Cryptography;
using Taco.Imaging;
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
    private readonly List<RgbImage> _images = [];
    private readonly List<string?> _hashes = [];
    private readonly Lock _gate = new();

    public ImageStore(IEnumerable<RgbImage>? inputs = null)
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

    public ImageRef Add(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        lock (_gate)
        {
            _images.Add(image);
            _hashes.Add(null);
            return new ImageRef(_images.Count - 1);
        }
    }

    public RgbImage GetPixels(ImageRef image)
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

    /// <summary>SHA-256 of width, height, bytes per pixel (3) and the RGB rows, lower-case hex (the layout traces recorded before RgbImage was the one image type).</summary>
    public string ContentHash(ImageRef image)
    {
        RgbImage pixels;
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

    public static string Hash(RgbImage pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[12];
        BitConverter.TryWriteBytes(header[..4], pixels.Width);
        BitConverter.TryWriteBytes(header[4..8], pixels.Height);
        BitConverter.TryWriteBytes(header[8..], 3);
        sha.AppendData(header);
        sha.AppendData(pixels.Pixels);

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
