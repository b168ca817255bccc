using System.Globalization;

namespace Taco.Tools;

/// <summary>An image of the conversation by its TACO id (<c>image-0</c>, <c>image-1</c> …).</summary>
public readonly record struct ImageRef
{
    public ImageRef(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        Index = index;
    }

    public int Index { get; }

    /// <summary><c>image-3</c>: how models name it in arguments.</summary>
    public string Name => "image-" + Index.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>image-3: &lt;image&gt;</c>: how an observation shows a new image.</summary>
    public string ObservationText => Name + ": <image>";

    /// <summary>Accepts <c>image-3</c>, and also <c>image-3: &lt;image&gt;</c> copied back from an observation.</summary>
    public static bool TryParse(string? text, out ImageRef image)
    {
        image = default;
        if (text is null)
        {
            return false;
        }

        var t = text.Trim();
        if (t.EndsWith(": <image>", StringComparison.Ordinal))
        {
            t = t[..^": <image>".Length].TrimEnd();
        }

        if (!t.StartsWith("image-", StringComparison.Ordinal))
        {
            return false;
        }

        var digits = t.AsSpan("image-".Length);
        if (digits.IsEmpty || digits.Length > 6 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return false;
        }

        image = new ImageRef(index);
        return true;
    }

    public override string ToString() => Name;
}
