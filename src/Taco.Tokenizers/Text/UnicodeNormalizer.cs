using System.Reflection;
using System.Text;

namespace Taco.Tokenizers.Text;

/// <summary>
/// NFC/NFD/NFKC/NFKD over embedded Unicode tables. Lone surrogates pass through untouched,
/// as in JavaScript's String.prototype.normalize, which the reference tokenizer calls.
/// </summary>
internal static class UnicodeNormalizer
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Lazy<Tables> Data = new(Load);

    public static string Normalize(string text, NormalizationForm form)
    {
        var compat = form is NormalizationForm.FormKC or NormalizationForm.FormKD;
        var compose = form is NormalizationForm.FormC or NormalizationForm.FormKC;
        // Below U+00A0 (U+00C0 for canonical forms) no character decomposes, composes or reorders.
        var limit = compat ? '\u00A0' : '\u00C0';
        if (!text.AsSpan().ContainsAnyExceptInRange('\0', (char)(limit - 1)))
        {
            return text;
        }

        var t = Data.Value;
        if (t.IsStable(text, compat, compose))
        {
            return text;
        }

        var cps = new List<int>(text.Length);
        for (var i = 0; i < text.Length; ++i)
        {
            int cp = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cp = char.ConvertToUtf32(text[i], text[++i]);
            }

            Decompose(t, cp, compat, cps);
        }
        Reorder(t, cps);
        if (compose)
        {
            Compose(t, cps);
        }

        var sb = new StringBuilder(cps.Count);
        foreach (var cp in cps)
        {
            if (cp is >= 0xD800 and <= 0xDFFF)
            {
                sb.Append((char)cp);
            }
            else
            {
                sb.Append(char.ConvertFromUtf32(cp));
            }
        }
        return sb.ToString();
    }

    private static void Decompose(Tables t, int cp, bool compat, List<int> output)
    {
        if (cp is >= SBase and < SBase + SCount)
        {
            var s = cp - SBase;
            output.Add(LBase + (s / NCount));
            output.Add(VBase + (s % NCount / TCount));
            if (s % TCount != 0)
            {
                output.Add(TBase + (s % TCount));
            }

            return;
        }
        if ((compat && t.Compat.TryGetValue(cp, out var d)) || t.Canonical.TryGetValue(cp, out d))
        {
            output.AddRange(d);
        }
        else
        {
            output.Add(cp);
        }
    }

    private static void Reorder(Tables t, List<int> cps)
    {
        // Stable insertion sort of each run of non-starters by combining class.
        for (var i = 1; i < cps.Count; ++i)
        {
            var c = t.Ccc(cps[i]);
            if (c == 0)
            {
                continue;
            }

            var j = i;
            while (j > 0 && t.Ccc(cps[j - 1]) > c)
            {
                (cps[j - 1], cps[j]) = (cps[j], cps[j - 1]);
                --j;
            }
        }
    }

    private static void Compose(Tables t, List<int> cps)
    {
        if (cps.Count == 0)
        {
            return;
        }

        var starter = 0;
        var lastClass = t.Ccc(cps[0]) == 0 ? 0 : 256;
        var write = 1;
        for (var read = 1; read < cps.Count; ++read)
        {
            var ch = cps[read];
            var cls = t.Ccc(ch);
            var s = cps[starter];
            var composite = -1;
            if (s is >= LBase and < LBase + LCount && ch is >= VBase and < VBase + VCount && lastClass == 0)
            {
                composite = SBase + ((((s - LBase) * VCount) + (ch - VBase)) * TCount);
            }
            else if (s is >= SBase and < SBase + SCount && (s - SBase) % TCount == 0 && ch is > TBase and < TBase + TCount && lastClass == 0)
            {
                composite = s + (ch - TBase);
            }
            else if ((lastClass < cls || lastClass == 0) && t.Pairs.TryGetValue(((long)s << 21) | (uint)ch, out var p))
            {
                composite = p;
            }

            if (composite >= 0 && (lastClass < cls || lastClass == 0))
            {
                cps[starter] = composite;
                continue;
            }
            if (cls == 0)
            {
                starter = write;
            }

            lastClass = cls;
            cps[write++] = ch;
        }
        cps.RemoveRange(write, cps.Count - write);
    }

    private sealed class Tables
    {
        public Dictionary<int, int[]> Canonical { get; } = [];
        public Dictionary<int, int[]> Compat { get; } = [];
        public Dictionary<long, int> Pairs { get; } = [];
        public Dictionary<int, byte> Classes { get; } = [];

        public int Ccc(int cp) => cp < 0x300 ? 0 : Classes.GetValueOrDefault(cp);

        // Per form (index: compat*2 + compose), the code points that can change under it: they decompose,
        // are non-starters, or compose with what precedes them. Text without any of them is already normalized.
        private readonly HashSet<int>[] _unstable = [[], [], [], []];
        private readonly bool[][] _unstableBmp = [new bool[65536], new bool[65536], new bool[65536], new bool[65536]];

        public void BuildStability()
        {
            var seconds = Pairs.Keys.Select(k => (int)(k & 0x1FFFFF)).ToHashSet();
            void Mark(int form, int cp)
            {
                if (cp < 65536)
                {
                    _unstableBmp[form][cp] = true;
                }
                else
                {
                    _unstable[form].Add(cp);
                }
            }
            for (var form = 0; form < 4; ++form)
            {
                var compat = form >= 2;
                var compose = form % 2 == 1;
                foreach (var cp in Canonical.Keys)
                {
                    Mark(form, cp);
                }

                if (compat)
                {
                    foreach (var cp in Compat.Keys)
                    {
                        Mark(form, cp);
                    }
                }
                foreach (var cp in Classes.Keys)
                {
                    Mark(form, cp);
                }

                if (compose)
                {
                    foreach (var cp in seconds)
                    {
                        Mark(form, cp);
                    }

                    for (var cp = VBase; cp < VBase + VCount; ++cp)
                    {
                        Mark(form, cp);
                    }

                    for (var cp = TBase + 1; cp < TBase + TCount; ++cp)
                    {
                        Mark(form, cp);
                    }
                }
                else
                {
                    for (var cp = SBase; cp < SBase + SCount; ++cp)
                    {
                        Mark(form, cp);
                    }
                }
            }
        }

        public bool IsStable(string text, bool compat, bool compose)
        {
            var form = (compat ? 2 : 0) + (compose ? 1 : 0);
            var bmp = _unstableBmp[form];
            var astral = _unstable[form];
            for (var i = 0; i < text.Length; ++i)
            {
                var c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    if (astral.Contains(char.ConvertToUtf32(c, text[++i])))
                    {
                        return false;
                    }
                }
                else if (bmp[c])
                {
                    return false;
                }
            }
            return true;
        }
    }

    private static Tables Load()
    {
        var t = new Tables();
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Taco.Tokenizers.UnicodeNormalization.txt")
            ?? throw new InvalidOperationException("The embedded Unicode normalization table is missing from Taco.Tokenizers.");
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var f = line.Split(' ');
            static int H(string s) => Convert.ToInt32(s, 16);
            switch (f[0])
            {
                case "c":
                    for (var cp = H(f[1]); cp <= H(f[2]); ++cp)
                    {
                        t.Classes[cp] = byte.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture);
                    }

                    break;
                case "d":
                    t.Canonical[H(f[1])] = f.Skip(2).Select(H).ToArray();
                    break;
                case "k":
                    t.Compat[H(f[1])] = f.Skip(2).Select(H).ToArray();
                    break;
                case "p":
                    t.Pairs[((long)H(f[1]) << 21) | (uint)H(f[2])] = H(f[3]);
                    break;
                default:
                    break;
            }
        }
        t.BuildStability();
        return t;
    }
}
