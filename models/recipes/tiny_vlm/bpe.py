"""A small byte-level BPE trainer and encoder that writes a Hugging Face
`tokenizer.json` (model type BPE, ByteLevel pre-tokenizer with the GPT-2 split
pattern, ByteLevel decoder).

Written for the tiny test models: the encoder here is what the goldens' input_ids
come from, so it follows the tokenizers library's semantics exactly (added tokens
split out first, then pre-tokenization, then merges applied by rank).
"""
import json
import unicodedata
from collections import Counter


def bytes_to_unicode():
    # GPT-2's reversible byte -> printable character table: printable Latin-1
    # bytes map to themselves, the rest to code points from 256 upwards.
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) \
        + list(range(ord("®"), ord("ÿ") + 1))
    table = {}
    extra = 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return table


BYTE_TO_CHAR = bytes_to_unicode()
CHAR_TO_BYTE = {c: b for b, c in BYTE_TO_CHAR.items()}


def _is_letter(ch):
    return unicodedata.category(ch).startswith("L")


def _is_number(ch):
    return unicodedata.category(ch).startswith("N")


def _is_space(ch):
    return ch.isspace()


def _is_other(ch):
    return not (_is_space(ch) or _is_letter(ch) or _is_number(ch))


CONTRACTIONS = ("'s", "'t", "'re", "'ve", "'m", "'ll", "'d")


def pretokenize(text):
    """Splits like the GPT-2 pattern
    's|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+
    (the `regex` module is not available here, so the alternation is spelled out)."""
    out = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "'":
            hit = next((c for c in CONTRACTIONS if text.startswith(c, i)), None)
            if hit:
                out.append(hit)
                i += len(hit)
                continue
        start = i
        j = i + 1 if (ch == " " and i + 1 < n) else i
        matched = False
        for cls in (_is_letter, _is_number, _is_other):
            if j < n and cls(text[j]):
                k = j
                while k < n and cls(text[k]):
                    k += 1
                out.append(text[start:k])
                i = k
                matched = True
                break
        if matched:
            continue
        if _is_space(ch):
            k = i
            while k < n and _is_space(text[k]):
                k += 1
            if k < n and k - i > 1:
                k -= 1  # \s+(?!\S): leave the last space to prefix the next word
            out.append(text[i:k])
            i = k
            continue
        raise AssertionError(f"unreachable at {i}: {text[i]!r}")
    return out


def to_byte_chars(piece):
    return "".join(BYTE_TO_CHAR[b] for b in piece.encode("utf-8"))


def train(corpus, num_merges):
    words = Counter(to_byte_chars(p) for p in pretokenize(corpus))
    splits = {w: list(w) for w in words}
    merges = []
    for _ in range(num_merges):
        pairs = Counter()
        for w, f in words.items():
            s = splits[w]
            for a, b in zip(s, s[1:]):
                pairs[(a, b)] += f
        if not pairs:
            break
        # Highest count; ties broken by the pair itself so training is deterministic.
        best = min(pairs.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if pairs[best] < 2:
            break
        merges.append(best)
        for w in words:
            s = splits[w]
            k, merged = 0, []
            while k < len(s):
                if k + 1 < len(s) and (s[k], s[k + 1]) == best:
                    merged.append(s[k] + s[k + 1])
                    k += 2
                else:
                    merged.append(s[k])
                    k += 1
            splits[w] = merged
    vocab = {}
    for b in range(256):
        vocab[BYTE_TO_CHAR[b]] = len(vocab)
    for a, b in merges:
        if a + b not in vocab:
            vocab[a + b] = len(vocab)
    return vocab, merges


class Tokenizer:
    def __init__(self, vocab, merges, special_tokens):
        self.vocab = dict(vocab)
        self.merges = list(merges)
        self.ranks = {m: r for r, m in enumerate(self.merges)}
        self.special = []
        for t in special_tokens:
            self.vocab[t] = len(self.vocab)
            self.special.append(t)
        self.id_to_token = {i: t for t, i in self.vocab.items()}

    def __len__(self):
        return len(self.vocab)

    def token_id(self, t):
        return self.vocab[t]

    def _bpe(self, word):
        parts = list(word)
        while len(parts) > 1:
            best, best_rank = None, None
            for k in range(len(parts) - 1):
                r = self.ranks.get((parts[k], parts[k + 1]))
                if r is not None and (best_rank is None or r < best_rank):
                    best, best_rank = k, r
            if best is None:
                break
            parts[best:best + 2] = [parts[best] + parts[best + 1]]
        return parts

    def _split_special(self, text):
        # Longest special token first at each position, like the tokenizers library's
        # added-vocabulary matcher.
        specials = sorted(self.special, key=len, reverse=True)
        out, buf, i = [], "", 0
        while i < len(text):
            hit = next((s for s in specials if text.startswith(s, i)), None)
            if hit:
                if buf:
                    out.append((False, buf))
                    buf = ""
                out.append((True, hit))
                i += len(hit)
            else:
                buf += text[i]
                i += 1
        if buf:
            out.append((False, buf))
        return out

    def encode(self, text):
        ids = []
        for is_special, piece in self._split_special(text):
            if is_special:
                ids.append(self.vocab[piece])
                continue
            for pre in pretokenize(piece):
                for tok in self._bpe(to_byte_chars(pre)):
                    ids.append(self.vocab[tok])
        return ids

    def decode(self, ids, skip_special=False):
        text, pending = [], bytearray()
        for i in ids:
            t = self.id_to_token[i]
            if t in self.special:
                if pending:
                    text.append(pending.decode("utf-8", errors="replace"))
                    pending = bytearray()
                if not skip_special:
                    text.append(t)
            else:
                pending.extend(CHAR_TO_BYTE[c] for c in t)
        if pending:
            text.append(pending.decode("utf-8", errors="replace"))
        return "".join(text)

    def to_json(self):
        added = [{"id": self.vocab[t], "content": t, "single_word": False, "lstrip": False,
                  "rstrip": False, "normalized": False, "special": True} for t in self.special]
        base_vocab = {t: i for t, i in self.vocab.items() if t not in self.special}
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": added,
            "normalizer": None,
            "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False,
                              "trim_offsets": True, "use_regex": True},
            "post_processor": None,
            "decoder": {"type": "ByteLevel", "add_prefix_space": True,
                        "trim_offsets": True, "use_regex": True},
            "model": {"type": "BPE", "dropout": None, "unk_token": None,
                      "continuing_subword_prefix": None, "end_of_word_suffix": None,
                      "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                      "vocab": base_vocab,
                      "merges": [f"{a} {b}" for a, b in self.merges]},
        }

    def save(self, path):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(self.to_json(), f, ensure_ascii=False, indent=1)
