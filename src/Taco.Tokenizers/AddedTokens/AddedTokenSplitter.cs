using System.Buffers;

namespace Taco.Tokenizers.AddedTokens;

/// <summary>
/// Splits text around added-token contents: scanning left to right, the longest content starting at
/// each position wins (the reference's DictionarySplitter). Returns gaps and matches in order.
/// </summary>
internal sealed class AddedTokenSplitter
{
    private readonly Node _root = new();
    private readonly SearchValues<char>? _firstChars;

    public AddedTokenSplitter(IEnumerable<string> contents)
    {
        var first = new HashSet<char>();
        foreach (var content in contents)
        {
            if (content.Length == 0)
            {
                continue;
            }

            first.Add(content[0]);
            var node = _root;
            foreach (var ch in content)
            {
                node.Children ??= [];
                if (!node.Children.TryGetValue(ch, out var child))
                {
                    node.Children[ch] = child = new Node();
                }

                node = child;
            }
            node.End = content;
        }
        _firstChars = first.Count > 0 ? SearchValues.Create(first.ToArray()) : null;
    }

    public List<string> Split(string text)
    {
        var result = new List<string>();
        if (_firstChars is null)
        {
            result.Add(text);
            return result;
        }
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var skip = text.AsSpan(i).IndexOfAny(_firstChars);
            if (skip < 0)
            {
                break;
            }

            i += skip;
            string? match = null;
            var node = _root;
            for (var j = i; j < text.Length; ++j)
            {
                if (node.Children is null || !node.Children.TryGetValue(text[j], out var next))
                {
                    break;
                }

                node = next;
                if (node.End is not null)
                {
                    match = node.End;
                }
            }
            if (match is null)
            {
                ++i;
                continue;
            }
            if (i > start)
            {
                result.Add(text[start..i]);
            }

            result.Add(match);
            i += match.Length;
            start = i;
        }
        if (start < text.Length)
        {
            result.Add(text[start..]);
        }

        return result;
    }

    private sealed class Node
    {
        public Dictionary<char, Node>? Children { get; set; }

        public string? End { get; set; }
    }
}
