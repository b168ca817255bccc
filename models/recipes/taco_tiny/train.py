#!/usr/bin/python3
"""Trains taco-tiny on CPU, resumably.

    nice -n 5 env MALLOC_MMAP_MAX_=0 /usr/bin/python3 models/recipes/taco_tiny/train.py \
        --data drill=1 --data sim=2 [--data synth:PATH.jsonl=1 ...] [--minutes 60]

Sources: `sim` (simulated conversations, sim.py), `drill` (copy drills, drill.py) and
`synth:PATH` (taco synth's tool-verified conversations), each drawn with its weight.

State lives in ~/.cache/taco/taco-tiny (or $TACO_CACHE_DIR/taco-tiny): `tokenizer/` (made once,
then fixed), `ckpt.pt` (weights, optimizer, step, RNG; written atomically every few minutes and
at the end), `log.jsonl` (loss, learning rate, tokens/s, evaluations). A later run resumes from
the checkpoint; with none, it starts from the weights of the shipped models/taco-tiny if they
exist (so training continues across machines), else from scratch. Loss on assistant tokens only.
"""
import argparse
import json
import math
import os
import random
import signal
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tiny_vlm"))
import common  # noqa: E402
import drill  # noqa: E402
import sim  # noqa: E402
import tok as toklib  # noqa: E402
from modeling import TextConfig, Decoder, EmbedTokens, LlavaVision, rotate_half  # noqa: E402

TOK_DIR = os.path.join(common.CACHE, "tokenizer")
CKPT = os.path.join(common.CACHE, "ckpt.pt")
# The cache does not outlive a machine; this copy of the latest weights (fp16, no optimizer state) is
# committed so that a later session continues from where the last one stopped. Written by --carry.
CARRY = os.path.join(HERE, "carry.pt")
LOG = os.path.join(common.CACHE, "log.jsonl")
NUM_MERGES = 900
TOKENIZER_SEEDS = range(10_000_000, 10_003_000)
EVAL_SEEDS = range(20_000_000, 20_000_200)   # held-out simulated conversations, never trained on
TRAIN_SEED_BASE = 30_000_000

ARCH = dict(hidden=192, layers=3, heads=4, kv_heads=2, intermediate=512,
            v_hidden=128, v_heads=4, v_layers=2, v_mlp=256)


def get_tokenizer():
    if os.path.exists(os.path.join(TOK_DIR, "tokenizer.json")):
        return toklib.load(TOK_DIR)
    shipped = os.path.join(common.REPO, "models", "taco-tiny")
    if os.path.exists(os.path.join(shipped, "tokenizer.json")):
        t = toklib.load(shipped)
        toklib.save(t, TOK_DIR)
        return t
    texts = []
    for s in TOKENIZER_SEEDS:
        texts += [m["text"] for m in sim.conversation(s)["messages"]]
    extra_path = os.path.join(HERE, "tokenizer_extra.txt")
    if os.path.exists(extra_path):
        texts.append(open(extra_path, encoding="utf-8").read())
    t = toklib.build("\n".join(texts), NUM_MERGES)
    toklib.save(t, TOK_DIR)
    return t


class TacoTiny(torch.nn.Module):
    def __init__(self, vocab):
        super().__init__()
        a = ARCH
        self.c = TextConfig(vocab, hidden_size=a["hidden"], layers=a["layers"], heads=a["heads"],
                            kv_heads=a["kv_heads"], intermediate=a["intermediate"])
        self.embed = EmbedTokens(vocab, a["hidden"])
        self.decoder = Decoder(self.c)
        self.vision = LlavaVision(common.IMAGE_SIZE, common.PATCH, a["v_hidden"], a["v_heads"], a["v_layers"],
                                  a["v_mlp"], a["hidden"])

    def forward(self, ids, attn, pixel_values, image_slots):
        x = self.embed(ids)
        if pixel_values is not None and len(image_slots):
            feats = self.vision(pixel_values)  # [n_images, T, h]
            b_idx, pos, img = image_slots[:, 0], image_slots[:, 1], image_slots[:, 2]
            x = x.clone()
            x[b_idx, pos] = feats[img, image_slots[:, 3]]
        pos_ids = (attn.cumsum(-1) - 1).clamp(min=0)
        return fast_decoder(self.decoder, x, attn, pos_ids)


def fast_decoder(dec, x, attn, pos_ids):
    """The exported Decoder's math (modeling.Decoder, empty past) in a form that trains
    faster: one additive mask, grouped KV heads repeated instead of broadcast in 5-D.
    A test in export.py checks both give the same logits."""
    c = dec.c
    b, s, _ = x.shape
    g = c.heads // c.kv_heads
    freqs = pos_ids.to(torch.float32).unsqueeze(-1) * dec.inv_freq
    emb = torch.cat([freqs, freqs], dim=-1).unsqueeze(1)
    cos, sin = emb.cos(), emb.sin()
    causal = torch.ones(s, s, dtype=torch.bool).tril()
    keep = causal[None, None] & attn.to(torch.bool)[:, None, None, :]
    bias = torch.zeros(b, 1, s, s).masked_fill(~keep, -1e9)
    scale = 1.0 / math.sqrt(c.head_dim)
    for layer in dec.layers:
        y = layer.input_norm(x)
        q = layer.q_proj(y).view(b, s, c.heads, c.head_dim).transpose(1, 2)
        k = layer.k_proj(y).view(b, s, c.kv_heads, c.head_dim).transpose(1, 2)
        v = layer.v_proj(y).view(b, s, c.kv_heads, c.head_dim).transpose(1, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(g, dim=1)
        v = v.repeat_interleave(g, dim=1)
        a = torch.softmax(torch.matmul(q, k.transpose(-1, -2)) * scale + bias, dim=-1)
        o = torch.matmul(a, v).transpose(1, 2).reshape(b, s, c.heads * c.head_dim)
        x = x + layer.o_proj(o)
        y = layer.post_norm(x)
        x = x + layer.down_proj(F.silu(layer.gate_proj(y)) * layer.up_proj(y))
    return dec.lm_head(dec.norm(x))


def init(model, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() >= 2:
                std = 0.02
                if name.endswith("o_proj.weight") or name.endswith("down_proj.weight"):
                    std = 0.02 / math.sqrt(2 * ARCH["layers"])
                p.copy_(torch.randn(p.shape, generator=g) * std)


# ------------------------------------------------------------------ data

class Encoder:
    def __init__(self, tok):
        self.tok = tok
        self.image_id = tok.token_id(common.IMAGE)
        self.cache = {}

    def encode(self, conv, base_dir):
        """Token ids, loss mask, images (file paths or None for the blank picture)."""
        ids, train = [], []
        for text, trained in common.render_chat(conv["messages"]):
            pieces = text.split(common.IMAGE)
            for k, piece in enumerate(pieces):
                if k:
                    ids += [self.image_id] * common.IMAGE_TOKENS
                    train += [False] * common.IMAGE_TOKENS
                if piece:
                    e = self.encode_piece(piece)
                    ids += e
                    train += [trained] * len(e)
        n_images = sum(m["text"].count(common.IMAGE) for m in conv["messages"])
        paths = [os.path.join(base_dir, p) for p in conv.get("images", [])]
        if len(paths) < n_images:
            paths += [None] * (n_images - len(paths))
        return ids, train, paths[:n_images]

    def encode_piece(self, piece):
        # Observation suffixes, prompts and templates repeat: cache their ids.
        if len(piece) > 120 and piece in self.cache:
            return self.cache[piece]
        e = self.tok.encode(piece)
        if len(piece) > 120 and len(self.cache) < 5000:
            self.cache[piece] = e
        return e


_pixels = {}


def pixels(path):
    if path is None:
        return np.zeros((3, common.IMAGE_SIZE, common.IMAGE_SIZE), np.float32)
    if path not in _pixels:
        if len(_pixels) > 20000:
            _pixels.clear()
        _pixels[path] = common.preprocess(Image.open(path))
    return _pixels[path]


class Source:
    def __init__(self, spec):
        name, _, weight = spec.partition("=")
        self.weight = float(weight or 1)
        self.name = name
        self.items = None
        if name.startswith("synth:"):
            self.path = name[len("synth:"):]
            self.base = os.path.dirname(os.path.abspath(self.path))
            self.load()
        elif name not in ("sim", "drill"):
            raise SystemExit(f"train: unknown data source {name!r} (use sim, drill or synth:PATH)")

    def load(self):
        # taco synth may still be writing the file: read its whole lines, and again every few minutes.
        with open(self.path, encoding="utf-8") as f:
            self.items = [json.loads(l) for l in f if l.endswith("\n") and l.strip()]
        self.loaded = time.time()
        if not self.items:
            raise SystemExit(f"train: {self.path} has no conversations yet")

    def draw(self, rng):
        if self.items is not None and time.time() - self.loaded > 300:
            n = len(self.items)
            self.load()
            if len(self.items) != n:
                log({"event": "data_reloaded", "source": self.name, "conversations": len(self.items)})
        if self.name == "drill":
            return drill.conversation(TRAIN_SEED_BASE + rng.randrange(10**9)), ""
        if self.items is None:
            conv = sim.conversation(TRAIN_SEED_BASE + rng.randrange(10**9))
            pool = IMAGE_POOL.get(SIM_IMAGES.get(conv["category"]))
            if pool:
                # a real scene of the family instead of a blank picture: otherwise "blank picture"
                # becomes the cue for calling tools, and real scenes get answered by looking
                conv["images"] = [rng.choice(pool)]
            return conv, ""
        return rng.choice(self.items), self.base


# Simulated conversations borrow a rendered scene of the family their text imitates (drawn from
# the synth sources' images; their observations do not describe it, as a real OCR's may not).
SIM_IMAGES = {"fuel": "fuel", "receipt": "receipt", "lookup": "receipt", "depth": "depth"}
IMAGE_POOL = {}


def fill_image_pool(sources):
    for src in sources:
        for conv in src.items or []:
            if conv.get("images"):
                IMAGE_POOL.setdefault(conv.get("category"), []).append(os.path.join(src.base, conv["images"][0]))


def make_batch(encoded, max_len):
    b = len(encoded)
    s = min(max_len, max(len(e[0]) for e in encoded))
    ids = torch.zeros(b, s, dtype=torch.long)
    attn = torch.zeros(b, s, dtype=torch.long)
    tgt = torch.full((b, s), -100, dtype=torch.long)
    imgs, slots = [], []
    for i, (e_ids, e_train, e_paths) in enumerate(encoded):
        n = min(len(e_ids), s)
        ids[i, :n] = torch.tensor(e_ids[:n])
        attn[i, :n] = 1
        for t in range(n - 1):
            if e_train[t + 1]:
                tgt[i, t] = e_ids[t + 1]
        # image slots: (batch, position, image index, feature index)
        positions = [p for p in range(n) if e_ids[p] == ENC.image_id]
        for k, path in enumerate(e_paths):
            img_index = len(imgs)
            imgs.append(pixels(path))
            for f in range(common.IMAGE_TOKENS):
                q = k * common.IMAGE_TOKENS + f
                if q < len(positions):
                    slots.append((i, positions[q], img_index, f))
    pv = torch.from_numpy(np.stack(imgs)) if imgs else None
    return ids, attn, tgt, pv, torch.tensor(slots, dtype=torch.long).reshape(-1, 4)


ENC = None


# ------------------------------------------------------------------ evaluation

DIGIT_IDS = None


def evaluate(model, convs):
    """Teacher-forced: loss, next-digit accuracy on assistant digits, and the share of
    conversations whose Terminate answer tokens are all predicted right."""
    model.eval()
    tot_loss, tot_n, dig_ok, dig_n, ans_ok = 0.0, 0, 0, 0, 0
    with torch.no_grad():
        for k in range(0, len(convs), 8):
            chunk = convs[k:k + 8]
            enc = [ENC.encode(c, base) for c, base in chunk]
            ids, attn, tgt, pv, slots = make_batch(enc, 2048)
            logits = model(ids, attn, pv, slots)
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1), ignore_index=-100, reduction="sum")
            tot_loss += loss.item()
            tot_n += (tgt != -100).sum().item()
            pred = logits.argmax(-1)
            isdig = torch.isin(tgt, DIGIT_IDS)
            dig_ok += ((pred == tgt) & isdig).sum().item()
            dig_n += isdig.sum().item()
            for i, (c, _) in enumerate(chunk):
                # the last assistant turn: the final run of trained positions
                row_t, row_p = tgt[i], pred[i]
                idx = (row_t != -100).nonzero().flatten().tolist()
                last = []
                for j in reversed(idx):
                    if last and j != last[-1] - 1:
                        break
                    last.append(j)
                last = sorted(last)
                ans_ok += int(all(row_p[j] == row_t[j] for j in last))
    model.train()
    return {"loss": tot_loss / max(1, tot_n), "digit_acc": dig_ok / max(1, dig_n), "last_reply_exact": ans_ok / max(1, len(convs))}


# ------------------------------------------------------------------ main

def lr_at(step, peak, warmup, total, floor):
    if step < warmup:
        return peak * (step + 1) / warmup
    p = min(1.0, (step - warmup) / max(1, total - warmup))
    return floor + (peak - floor) * 0.5 * (1 + math.cos(math.pi * p))


def log(obj):
    obj["time"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    with open(LOG, "a", encoding="utf-8") as f:
        f.write(json.dumps(obj) + "\n")
    print(json.dumps(obj), flush=True)


def save(model, opt, step, rng, elapsed):
    tmp = CKPT + ".tmp"
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "arch": ARCH,
                "rng": rng.getstate(), "elapsed": elapsed}, tmp)
    os.replace(tmp, CKPT)


def main():
    global ENC, DIGIT_IDS
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", action="append", default=[])
    ap.add_argument("--minutes", type=float, default=1e9)
    ap.add_argument("--batch", type=int, default=8)
    # Longer conversations are redrawn, so max-len must exceed the longest family's conversations:
    # at 640 (the default until step 7,665) 97% of receipt and all zoom traces were never trained on.
    ap.add_argument("--max-len", type=int, default=1536)
    ap.add_argument("--group", type=int, default=4, help="batches drawn at once and grouped by length")
    ap.add_argument("--peak-lr", type=float, default=8e-4)
    ap.add_argument("--floor-lr", type=float, default=8e-5)
    ap.add_argument("--warmup", type=int, default=200)
    ap.add_argument("--total-steps", type=int, default=30000)
    ap.add_argument("--save-minutes", type=float, default=4)
    ap.add_argument("--eval-every", type=int, default=250)
    ap.add_argument("--eval-data", default=None, help="conversations JSONL to evaluate on besides simulated ones")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--carry", action="store_true",
                    help=f"copy the cache's checkpoint's weights (fp16) to {CARRY} for committing, then stop")
    args = ap.parse_args()
    if args.carry:
        ck = torch.load(CKPT)
        torch.save({"model": {k: v.half() for k, v in ck["model"].items()}, "step": ck["step"], "arch": ck["arch"],
                    "elapsed": ck.get("elapsed", 0.0)}, CARRY)
        print(f"wrote {CARRY} (step {ck['step']})")
        return
    torch.set_num_threads(args.threads)
    os.makedirs(common.CACHE, exist_ok=True)
    tok = get_tokenizer()
    ENC = Encoder(tok)
    DIGIT_IDS = torch.tensor([tok.token_id(str(d)) for d in range(10)])
    sources = [Source(s) for s in (args.data or ["sim=1"])]
    fill_image_pool(sources)
    model = TacoTiny(len(tok))
    opt = torch.optim.AdamW(model.parameters(), lr=args.peak_lr, betas=(0.9, 0.95), weight_decay=0.01)
    step, elapsed = 0, 0.0
    rewarm_from = None  # started from the shipped weights: a fresh optimizer warms up again from there
    rng = random.Random(1234)
    if os.path.exists(CKPT):
        ck = torch.load(CKPT)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, elapsed = ck["step"], ck.get("elapsed", 0.0)
        rng.setstate(ck["rng"])
        log({"event": "resumed", "step": step, "from": CKPT})
    else:
        init(model, 1234)
        shipped = os.path.join(common.REPO, "models", "taco-tiny", "training_state.json")
        carried = torch.load(CARRY) if os.path.exists(CARRY) else None
        shipped_step = json.load(open(shipped, encoding="utf-8"))["step"] if os.path.exists(shipped) else -1
        if carried is not None and carried["arch"] == ARCH and carried["step"] > shipped_step:
            model.load_state_dict({k: v.float() for k, v in carried["model"].items()})
            step = rewarm_from = carried["step"]
            elapsed = carried.get("elapsed", 0.0)
            log({"event": "started_from_carry", "step": step, "from": CARRY})
        elif os.path.exists(shipped):
            import weights_io
            step = weights_io.load_shipped(model, os.path.join(common.REPO, "models", "taco-tiny"))
            rewarm_from = step
            log({"event": "started_from_shipped", "step": step})
        else:
            log({"event": "started_fresh", "params": sum(p.numel() for p in model.parameters()), "vocab": len(tok)})
    eval_sets = {"sim": [(sim.conversation(s), "") for s in EVAL_SEEDS]}
    if args.eval_data:
        base = os.path.dirname(os.path.abspath(args.eval_data))
        with open(args.eval_data, encoding="utf-8") as f:
            eval_sets["synth"] = [(json.loads(l), base) for l in f if l.strip()][:200]
    weights = [s.weight for s in sources]
    t_start = time.time()
    t_save = time.time()
    tokens, t_log, losses = 0, time.time(), []
    model.train()
    stop = []
    pending = []
    # kill (SIGTERM) or Ctrl-C: finish the step, save, stop — a restart with another mix loses nothing
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda signum, frame: stop.append(signum))
    while not stop:
        if (time.time() - t_start) / 60 > args.minutes:
            break
        if not pending:
            # Draw several batches' worth and group them by length: a batch pads to its longest
            # conversation, and the families range from ~160 tokens (look) to ~1,500 (receipts).
            drawn = []
            for _ in range(args.batch * args.group):
                src = rng.choices(sources, weights)[0]
                for _ in range(20):
                    conv, base = src.draw(rng)
                    enc = ENC.encode(conv, base)
                    if len(enc[0]) <= args.max_len:
                        break
                drawn.append(enc)
            drawn.sort(key=lambda e: len(e[0]))
            pending = [drawn[k:k + args.batch] for k in range(0, len(drawn), args.batch)]
            rng.shuffle(pending)
        batch = pending.pop()
        ids, attn, tgt, pv, slots = make_batch(batch, args.max_len)
        lr = lr_at(step, args.peak_lr, args.warmup, args.total_steps, args.floor_lr)
        if rewarm_from is not None and step - rewarm_from < args.warmup:
            lr *= (step - rewarm_from + 1) / args.warmup
        for g in opt.param_groups:
            g["lr"] = lr
        logits = model(ids, attn, pv, slots)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1), ignore_index=-100)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        tokens += int(attn.sum())
        losses.append(loss.item())
        if step % 20 == 0:
            now = time.time()
            elapsed += now - t_log
            log({"step": step, "loss": sum(losses) / len(losses), "lr": lr, "tok_s": tokens / (now - t_log),
                 "s_per_step": (now - t_log) / 20, "elapsed_min": elapsed / 60})
            tokens, t_log, losses = 0, now, []
        if step % args.eval_every == 0:
            for name, data in eval_sets.items():
                r = evaluate(model, data)
                r.update({"eval": name, "step": step})
                log(r)
        if time.time() - t_save > args.save_minutes * 60:
            save(model, opt, step, rng, elapsed)
            t_save = time.time()
    save(model, opt, step, rng, elapsed)
    log({"event": "stopped", "step": step, "signal": stop[0] if stop else None})


if __name__ == "__main__":
    main()
