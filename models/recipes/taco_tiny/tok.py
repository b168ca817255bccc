"""taco-tiny's tokenizer: byte-level BPE (the GPT-2 split, as tokenizers' ByteLevel
pre-tokenizer does) trained on the warm-up corpus, with one token per digit — no merge
ever contains a digit, so a number is always written digit by digit, which is what lets
the model copy numbers and the grounded-number rule constrain them."""
import json
import os
import sys
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tiny_vlm"))
import bpe  # noqa: E402
from common import SPECIALS, CHAT_TEMPLATE, IM_END, ENDOFTEXT  # noqa: E402

DIGITS = set("0123456789")


def train(corpus, num_merges):
    words = Counter(bpe.to_byte_chars(p) for p in bpe.pretokenize(corpus))
    splits = {w: list(w) for w in words}
    merges = []
    pairs = Counter()
    for w, f in words.items():
        s = splits[w]
        for a, b in zip(s, s[1:]):
            pairs[(a, b)] += f
    for _ in range(num_merges):
        cands = [(p, c) for p, c in pairs.items() if c >= 2 and not (DIGITS & set(p[0] + p[1]))]
        if not cands:
            break
        best = min(cands, key=lambda kv: (-kv[1], kv[0]))[0]
        merges.append(best)
        for w, f in words.items():
            s = splits[w]
            if len(s) < 2:
                continue
            changed = False
            k, merged = 0, []
            while k < len(s):
                if k + 1 < len(s) and (s[k], s[k + 1]) == best:
                    merged.append(s[k] + s[k + 1])
                    k += 2
                    changed = True
                else:
                    merged.append(s[k])
                    k += 1
            if changed:
                for a, b in zip(s, s[1:]):
                    pairs[(a, b)] -= f
                for a, b in zip(merged, merged[1:]):
                    pairs[(a, b)] += f
                splits[w] = merged
    vocab = {}
    for b in range(256):
        vocab[bpe.BYTE_TO_CHAR[b]] = len(vocab)
    for a, b in merges:
        if a + b not in vocab:
            vocab[a + b] = len(vocab)
    return vocab, merges


def build(corpus, num_merges):
    vocab, merges = train(corpus, num_merges)
    return bpe.Tokenizer(vocab, merges, SPECIALS)


def save(tok, folder):
    os.makedirs(folder, exist_ok=True)
    tok.save(os.path.join(folder, "tokenizer.json"))
    added = {str(tok.token_id(t)): {"content": t, "lstrip": False, "normalized": False, "rstrip": False,
                                    "single_word": False, "special": True} for t in SPECIALS}
    cfg = {"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": 2048, "add_bos_token": False,
           "add_eos_token": False, "clean_up_tokenization_spaces": False, "chat_template": CHAT_TEMPLATE,
           "bos_token": None, "eos_token": IM_END, "pad_token": ENDOFTEXT, "unk_token": None,
           "added_tokens_decoder": added}
    with open(os.path.join(folder, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(cfg, f, ensure_ascii=False, indent=1)


def load(folder):
    with open(os.path.join(folder, "tokenizer.json"), encoding="utf-8") as f:
        j = json.load(f)
    m = j["model"]
    merges = [tuple(x.split(" ")) for x in m["merges"]]
    return bpe.Tokenizer(m["vocab"], merges, [a["content"] for a in sorted(j["added_tokens"], key=lambda a: a["id"])])
