using System.Globalization;

namespace Taco.Cli.Infrastructure;

/// <summary><c>--shard i/n</c>: the i-th of n disjoint parts (1-based), by position in the input.</summary>
internal readonly record struct Shard(int Index, int Count)
{
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index >= 1 && index <= count)
        {
            return new Shard(index, count);
        }

        throw new CliException(ExitCodes.BadInput, $"--shard takes i/n with 1 <= i <= n (e.g. 2/4), not '{text}'.");
    }

    /// <summary>Every n-th item starting at the i-th: the shards of one input partition it.</summary>
    public IReadOnlyList<T> Select<T>(IReadOnlyList<T> items)
    {
        var (index, count) = (Index, Count);
        return [.. items.Where((_, position) => position % count == index - 1)];
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
