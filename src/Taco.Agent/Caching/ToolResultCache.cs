using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Taco.Agent.Images;
using Taco.Tools;
using Taco.Tools.Values;

namespace Taco.Agent.Caching;

/// <summary>
/// Successful tool results keyed by (tool, arguments with image ids replaced by the
/// images' content hashes). Shared by every question of a process, so asking two
/// questions about one photo runs OCR once. Results that create images are not cached:
/// their ids belong to one conversation.
/// </summary>
public sealed class ToolResultCache
{
    private readonly ConcurrentDictionary<string, ToolDict> _entries = new(StringComparer.Ordinal);
    private readonly int _capacity;
    private long _hits;
    private long _misses;

    public ToolResultCache(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    public int Count => _entries.Count;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public static string Key(string toolName, JsonElement arguments, ImageStore images)
    {
        ArgumentNullException.ThrowIfNull(toolName);
        ArgumentNullException.ThrowIfNull(images);
        var sb = new StringBuilder(toolName).Append('\n');
        Append(sb, arguments, images);
        return sb.ToString();
    }

    public bool TryGet(string key, out ToolDict result)
    {
        if (_entries.TryGetValue(key, out var found))
        {
            Interlocked.Increment(ref _hits);
            result = found;
            return true;
        }

        Interlocked.Increment(ref _misses);
        result = ToolDict.Empty;
        return false;
    }

    public void Add(string key, ToolDict result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (ContainsImage(result))
        {
            return;
        }

        if (_entries.Count >= _capacity)
        {
            // Crude but bounded: a CLI process rarely fills it, and a full clear never serves a stale entry.
            _entries.Clear();
        }

        _entries[key] = result;
    }

    private static bool ContainsImage(ToolValue value) => value switch
    {
        ToolImage => true,
        ToolList list => list.Items.Any(ContainsImage),
        ToolDict dict => dict.Entries.Values.Any(ContainsImage),
        _ => false,
    };

    private static void Append(StringBuilder sb, JsonElement e, ImageStore images)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                foreach (var p in e.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    sb.Append(JsonSerializer.Serialize(p.Name)).Append(':');
                    Append(sb, p.Value, images);
                    sb.Append(',');
                }

                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                foreach (var item in e.EnumerateArray())
                {
                    Append(sb, item, images);
                    sb.Append(',');
                }

                sb.Append(']');
                break;
            case JsonValueKind.String when ImageRef.TryParse(e.GetString(), out var image) && image.Index < images.Count:
                sb.Append("sha256:").Append(images.ContentHash(image));
                break;
            case JsonValueKind.Undefined:
                sb.Append("null");
                break;
            default:
                sb.Append(e.GetRawText());
                break;
        }
    }
}
