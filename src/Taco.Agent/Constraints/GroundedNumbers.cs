using System.Text;
using Taco.Agent.Models;
using Taco.Agent.Protocol;

namespace Taco.Agent.Constraints;

/// <summary>
/// The numbers a reply may write where the grounded-number rule applies (a Terminate answer, a Calculate
/// expression): those that appear in the question or an observation, or a rounding of one. Numbers are
/// matched on their digits only, so the model may re-punctuate what it read (<c>7, 90</c> → <c>7.90</c>,
/// <c>1,250</c> → <c>1250</c>): the allowed digit strings form a trie, and a number being written may only
/// walk down it. Leading zeros are not digits here (<c>0.25</c> is <c>25</c>).
/// <para>
/// The set is closed under prefixes (a truncation is a rounding), so every node of the trie is a complete
/// allowed number: a number may end after any digit the rule lets it write, and the rule never forces a digit.
/// Built per step from the conversation's user turns; immutable and thread-safe.
/// </para>
/// </summary>
public sealed class GroundedNumbers
{
    /// <summary>Consecutive digit groups of one written number joined into one source (<c>1,234,567.89</c> has four).</summary>
    private const int MaxJoinedGroups = 4;

    /// <summary>Zeros an allowed number may gain at its end (<c>3.5</c> → <c>3.50</c>, <c>1996</c> → <c>2000</c>).</summary>
    private const int MaxTrailingZeros = 2;

    /// <summary>How a box appears in an observation (Python repr of a result with a <c>bbox</c> key).</summary>
    private const string BoxKey = "'bbox': [";

    private static readonly (string Word, string Digits)[] NumberWords =
    [
        ("one", "1"), ("two", "2"), ("three", "3"), ("four", "4"), ("five", "5"), ("six", "6"), ("seven", "7"),
        ("eight", "8"), ("nine", "9"), ("ten", "10"), ("eleven", "11"), ("twelve", "12"), ("dozen", "12"),
    ];

    // Node 0 is the root (no significant digit yet: a number of zeros only); children are 10 per node, −1 for none.
    private readonly int[] _children;

    /// <param name="texts">Where numbers may be copied from (the question, the observations).</param>
    /// <param name="arguments">Where the rule applies, as (action, argument) pairs; default <see cref="DefaultArguments"/>.</param>
    public GroundedNumbers(IEnumerable<string> texts, IEnumerable<(string Action, string Argument)>? arguments = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        Arguments = (arguments ?? DefaultArguments).ToHashSet();
        var builder = new Builder();
        for (var d = 1; d <= 9; d++)
        {
            builder.Add(((char)('0' + d)).ToString());
        }

        foreach (var text in texts)
        {
            GroundsBoxes |= text.Contains(BoxKey, StringComparison.Ordinal);
            foreach (var source in SourcesIn(text))
            {
                builder.AddWithRoundings(source);
            }
        }

        _children = [.. builder.Children];
    }

    /// <summary>The arguments the rule applies to: a Terminate answer and a Calculate expression.</summary>
    public static IReadOnlyList<(string Action, string Argument)> DefaultArguments { get; } =
        [(TacoStrings.TerminateName, "answer"), ("Calculate", "expression")];

    public IReadOnlySet<(string Action, string Argument)> Arguments { get; }

    /// <summary>
    /// Whether box arguments follow the rule too: only when an observation shows boxes (<c>'bbox': [</c>, as OCR's
    /// regions under a profile that shows them). Where none is shown, a box is the model's own estimate of where
    /// something is, not a number it could copy.
    /// </summary>
    public bool GroundsBoxes { get; }

    /// <summary>Nodes of the digit trie (its size, for cost figures).</summary>
    public int NodeCount => _children.Length / 10;

    /// <summary>
    /// The sources of a conversation: every user turn, the first one from its <c># USER REQUEST #</c> on (the
    /// task prompt before it, with its examples' numbers, is not something to copy from).
    /// </summary>
    public static GroundedNumbers FromMessages(IEnumerable<ChatMessage> messages, IEnumerable<(string Action, string Argument)>? arguments = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var texts = new List<string>();
        foreach (var message in messages.Where(m => m.Role == ChatRole.User))
        {
            var text = message.Text;
            if (texts.Count == 0 && text.LastIndexOf(TacoStrings.RequestStart, StringComparison.Ordinal) is >= 0 and var start)
            {
                text = text[start..];
            }

            texts.Add(text);
        }

        return new GroundedNumbers(texts, arguments);
    }

    /// <summary>
    /// The digit strings of the numbers a reply writes, as the rule checks them: digits joined across a <c>.</c>
    /// or <c>,</c> followed by a digit, leading zeros dropped (<c>"$7.90 and 0,5"</c> → <c>790</c>, <c>5</c>).
    /// </summary>
    public static IReadOnlyList<string> WrittenNumbers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<string>();
        var digits = new StringBuilder();
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : '\0';
            if (char.IsAsciiDigit(c))
            {
                if (digits.Length > 0 || c != '0')
                {
                    digits.Append(c);
                }

                continue;
            }

            var inNumber = i > 0 && char.IsAsciiDigit(text[i - 1]);
            if (inNumber && c is '.' or ',' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
            {
                continue;
            }

            if (inNumber)
            {
                found.Add(digits.ToString());
                digits.Clear();
            }
        }

        return found;
    }

    /// <summary>Whether the rule lets a number with these digits (leading zeros dropped) be written whole.</summary>
    public bool Allows(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        var node = Root;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                throw new ArgumentException($"'{digits}' is not a digit string.", nameof(digits));
            }

            node = Next(node, c - '0');
            if (node < 0)
            {
                return false;
            }
        }

        return IsEnd(node);
    }

    /// <summary>Whether the rule applies to this action's argument.</summary>
    public bool AppliesTo(string action, string argument) => Arguments.Contains((action, argument));

    internal const int Root = 0;

    /// <summary>Every node is a complete allowed number (see the class remarks), so a number may always end.</summary>
    internal static bool IsEnd(int node) => node >= 0;

    /// <summary>The node after <paramref name="digit"/>, −1 when no allowed number goes on so; a leading zero stays at the root.</summary>
    internal int Next(int node, int digit) => node == Root && digit == 0 ? Root : _children[(node * 10) + digit];

    /// <summary>
    /// The rule's part of one byte of a string it applies to (outside escapes and multi-byte characters). Phase 0
    /// outside a number, 1 after a digit, 2 after a <c>.</c> or <c>,</c> that follows a digit (the number goes on
    /// if a digit comes next, else it ended before the mark). False when the byte writes a digit no allowed
    /// number has there.
    /// </summary>
    internal bool Scan(ref int node, ref byte phase, byte b)
    {
        if (b is >= (byte)'0' and <= (byte)'9')
        {
            var next = Next(phase == 0 ? Root : node, b - '0');
            if (next < 0)
            {
                return false;
            }

            node = next;
            phase = 1;
            return true;
        }

        if (phase == 1 && b is (byte)'.' or (byte)',')
        {
            phase = 2;
            return true;
        }

        if (phase != 0 && !IsEnd(node))
        {
            return false;
        }

        phase = 0;
        return true;
    }

    /// <summary>
    /// The digit strings a text offers, leading zeros dropped: each written number — digit groups separated by
    /// <c>.</c>, <c>,</c> and/or one space (<c>7, 90</c>, <c>1,250</c>, <c>3.49 9</c>) — as every run of up to
    /// <see cref="MaxJoinedGroups"/> consecutive groups joined (<c>12, 15</c> offers 1215, 12 and 15), and the
    /// number words one to twelve and dozen.
    /// </summary>
    internal static IEnumerable<string> SourcesIn(string text)
    {
        var groups = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                if (char.IsAsciiLetter(text[i]) && (i == 0 || !char.IsAsciiLetter(text[i - 1])) && NumberWordAt(text, i) is { } word)
                {
                    yield return word;
                }

                i++;
                continue;
            }

            groups.Clear();
            while (true)
            {
                var start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                groups.Add(text[start..i]);
                var gap = i;
                if (gap < text.Length && text[gap] is '.' or ',')
                {
                    gap++;
                }

                if (gap < text.Length && text[gap] == ' ')
                {
                    gap++;
                }

                if (gap == i || gap >= text.Length || !char.IsAsciiDigit(text[gap]))
                {
                    break;
                }

                i = gap;
            }

            for (var first = 0; first < groups.Count; first++)
            {
                var joined = new StringBuilder();
                for (var last = first; last < groups.Count && last < first + MaxJoinedGroups; last++)
                {
                    joined.Append(groups[last]);
                    yield return joined.ToString().TrimStart('0');
                }
            }
        }
    }

    private static string? NumberWordAt(string text, int start)
    {
        foreach (var (word, digits) in NumberWords)
        {
            var end = start + word.Length;
            if (end <= text.Length
                && string.Compare(text, start, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
                && (end == text.Length || !char.IsAsciiLetter(text[end])))
            {
                return digits;
            }
        }

        return null;
    }

    /// <summary><paramref name="digits"/> rounded to its first <paramref name="length"/> digits, half up, with carry (1996, 3 → 200).</summary>
    internal static string Round(string digits, int length)
    {
        if (length >= digits.Length || digits[length] < '5')
        {
            return digits[..Math.Min(length, digits.Length)];
        }

        var rounded = digits[..length].ToCharArray();
        for (var k = length - 1; k >= 0; k--)
        {
            if (rounded[k] != '9')
            {
                rounded[k]++;
                return new string(rounded);
            }

            rounded[k] = '0';
        }

        return "1" + new string(rounded);
    }

    /// <summary>The trie while it is built: each digit string with every prefix (so the set stays closed under prefixes).</summary>
    private sealed class Builder
    {
        private readonly HashSet<string> _added = new(StringComparer.Ordinal);

        public Builder() => AddNode();

        public List<int> Children { get; } = [];

        public void AddWithRoundings(string source)
        {
            for (var length = 1; length <= source.Length; length++)
            {
                foreach (var allowed in new[] { source[..length], Round(source, length) })
                {
                    for (var zeros = 0; zeros <= MaxTrailingZeros; zeros++)
                    {
                        Add(allowed + new string('0', zeros));
                    }
                }
            }
        }

        public void Add(string digits)
        {
            if (!_added.Add(digits))
            {
                return;
            }

            var node = Root;
            foreach (var c in digits)
            {
                var slot = (node * 10) + (c - '0');
                if (Children[slot] < 0)
                {
                    Children[slot] = AddNode();
                }

                node = Children[slot];
            }
        }

        private int AddNode()
        {
            var node = Children.Count / 10;
            for (var d = 0; d < 10; d++)
            {
                Children.Add(-1);
            }

            return node;
        }
    }
}
