#!/usr/bin/python3
"""Builds the two tiny random-weight VLMs (LLaVA-style and Idefics3-style) in the
transformers.js / onnx-community layout, plus their PyTorch goldens.

Run from anywhere:  /usr/bin/python3 models/recipes/tiny_vlm/build.py
Writes  models/tiny-llava/, models/tiny-idefics3/  (model directories)
        models/goldens/images/*.png                  (test images)
        models/goldens/tiny-llava/, models/goldens/tiny-idefics3/  (goldens)
Deterministic: fixed seeds, single-threaded torch. Formats: README.md beside this file.
"""
import json
import math
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper, helper, TensorProto
from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bpe  # noqa: E402
from modeling import (TextConfig, Decoder, EmbedTokens, LlavaVision, Idefics3Vision,  # noqa: E402
                      init_weights)

MODELS = os.path.normpath(os.path.join(HERE, "..", ".."))
GOLDENS = os.path.join(MODELS, "goldens")
OPSET = 17
NUM_MERGES = 600
MAX_NEW_TOKENS = 32

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


# --------------------------------------------------------------------------- images

def make_images():
    """Three small synthetic scenes (PNG, RGB). Sizes chosen to exercise the
    resize paths: landscape, portrait, and a tiny square."""
    out = os.path.join(GOLDENS, "images")
    os.makedirs(out, exist_ok=True)
    specs = {}
    im = Image.new("RGB", (60, 40), (135, 190, 235))
    d = ImageDraw.Draw(im)
    d.rectangle([0, 28, 59, 39], fill=(90, 150, 70))
    d.rectangle([6, 16, 24, 32], fill=(200, 40, 40))
    d.ellipse([36, 6, 50, 20], fill=(250, 220, 60))
    d.line([30, 39, 58, 24], fill=(40, 40, 40), width=2)
    specs["scene_a.png"] = im
    im = Image.new("RGB", (40, 52), (245, 240, 225))
    d = ImageDraw.Draw(im)
    d.rectangle([4, 4, 35, 14], fill=(20, 60, 160))
    for k in range(4):
        d.line([6, 20 + 7 * k, 33, 20 + 7 * k], fill=(30, 30, 30), width=1)
    d.polygon([(20, 46), (10, 51), (30, 51)], fill=(0, 140, 90))
    specs["receipt_b.png"] = im
    im = Image.new("RGB", (24, 24), (0, 0, 0))
    d = ImageDraw.Draw(im)
    for y in range(24):
        for x in range(24):
            im.putpixel((x, y), ((x * 11) % 256, (y * 11) % 256, ((x + y) * 5) % 256))
    d.rectangle([8, 8, 15, 15], outline=(255, 255, 255))
    specs["gradient_c.png"] = im
    paths = {}
    for name, img in specs.items():
        p = os.path.join(out, name)
        img.save(p, optimize=False)
        paths[name] = p
    return paths


def load_rgb(path):
    return Image.open(path).convert("RGB")


def rescale_normalize(img, mean, std):
    # uint8 HWC -> float CHW; computed in float64, stored float32
    a = np.asarray(img, dtype=np.float64) / 255.0
    a = (a - np.array(mean)) / np.array(std)
    return a.transpose(2, 0, 1).astype(np.float32)


# ------------------------------------------------------------------ LLaVA-style family

LLAVA = dict(image_size=48, patch=8, v_hidden=64, v_heads=4, v_layers=2, v_mlp=128,
             mean=[0.48145466, 0.4578275, 0.40821073], std=[0.26862954, 0.26130258, 0.27577711])


def llava_pixel_values(path):
    """CLIP-style: shortest edge -> 48 (PIL bicubic), centre crop 48x48, /255, mean/std."""
    img = load_rgb(path)
    w, h = img.size
    s = LLAVA["image_size"]
    if w <= h:
        nw, nh = s, int(s * h / w)
    else:
        nw, nh = int(s * w / h), s
    img = img.resize((nw, nh), resample=Image.BICUBIC)
    top, left = (nh - s) // 2, (nw - s) // 2
    img = img.crop((left, top, left + s, top + s))
    return rescale_normalize(img, LLAVA["mean"], LLAVA["std"])[None]  # [1,3,48,48]


# --------------------------------------------------------------- Idefics3-style family

IDEF = dict(tile=32, patch=4, scale=2, longest_edge=96, v_hidden=48, v_heads=4, v_layers=2,
            v_mlp=96, mean=[0.5, 0.5, 0.5], std=[0.5, 0.5, 0.5])
IDEF["image_seq_len"] = (IDEF["tile"] // IDEF["patch"] // IDEF["scale"]) ** 2


def idefics3_frames(path, split):
    """Idefics3 image processor semantics (PIL LANCZOS on uint8 at every resize):
    1. longest edge -> size.longest_edge (96), other edge int(...) rounded up to even;
    2. split: resize both edges up to multiples of max_image_size (32), cut row-major
       32x32 tiles, then the global image = the step-2 image resized to 32x32;
       no split: the step-1 image resized to 32x32;
    3. /255, (x-0.5)/0.5.  Returns (frames [n,3,32,32], rows, cols)."""
    img = load_rgb(path)
    w, h = img.size
    L, T = IDEF["longest_edge"], IDEF["tile"]
    aspect = w / h
    if w >= h:
        nw, nh = L, int(L / aspect)
        nh += nh % 2
    else:
        nh, nw = L, int(L * aspect)
        nw += nw % 2
    nw, nh = max(nw, 1), max(nh, 1)
    img = img.resize((nw, nh), resample=Image.LANCZOS)
    frames = []
    rows = cols = 0
    if split:
        w, h = img.size
        aspect = w / h
        if w >= h:
            vw = math.ceil(w / T) * T
            vh = math.ceil(int(vw / aspect) / T) * T
        else:
            vh = math.ceil(h / T) * T
            vw = math.ceil(int(vh * aspect) / T) * T
        img = img.resize((vw, vh), resample=Image.LANCZOS)
        if vh > T or vw > T:
            rows, cols = math.ceil(vh / T), math.ceil(vw / T)
            th, tw = math.ceil(vh / rows), math.ceil(vw / cols)
            for r in range(rows):
                for c in range(cols):
                    frames.append(img.crop((c * tw, r * th, min(c * tw + tw, vw), min(r * th + th, vh))))
            img = img.resize((T, T), resample=Image.LANCZOS)
        frames.append(img)
    else:
        frames.append(img.resize((T, T), resample=Image.LANCZOS))
    for f in frames:
        assert f.size == (T, T), f.size
    arr = np.stack([rescale_normalize(f, IDEF["mean"], IDEF["std"]) for f in frames])
    return arr, rows, cols


def idefics3_image_prompt(rows, cols, seq_len):
    fake, img, glob = "<fake_token_around_image>", "<image>", "<global-img>"
    if rows == 0 and cols == 0:
        return fake + glob + img * seq_len + fake
    s = ""
    for r in range(rows):
        for c in range(cols):
            s += fake + f"<row_{r + 1}_col_{c + 1}>" + img * seq_len
        s += "\n"
    return s + "\n" + fake + glob + img * seq_len + fake


# -------------------------------------------------------------------- chat templates

LLAVA_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' }}"
    "{% if message['content'] is string %}{{ message['content'] }}"
    "{% else %}{% for part in message['content'] %}"
    "{% if part['type'] == 'image' %}{{ '<image>' }}"
    "{% elif part['type'] == 'text' %}{{ part['text'] }}{% endif %}"
    "{% endfor %}{% endif %}"
    "{{ '<|im_end|>\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

IDEF_TEMPLATE = (
    "<|im_start|>"
    "{% for message in messages %}"
    "{{ message['role'] | capitalize }}"
    "{% if message['content'][0]['type'] == 'image' %}{{ ':' }}{% else %}{{ ': ' }}{% endif %}"
    "{% for part in message['content'] %}"
    "{% if part['type'] == 'text' %}{{ part['text'] }}"
    "{% elif part['type'] == 'image' %}{{ '<image>' }}{% endif %}"
    "{% endfor %}"
    "<end_of_utterance>\n"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ 'Assistant:' }}{% endif %}"
)


def render_llava(messages, add_generation_prompt):
    # Python rendering of LLAVA_TEMPLATE (no Jinja here); checked against
    # transformers.js's template engine by verify/check_vlm.mjs.
    s = ""
    for m in messages:
        s += "<|im_start|>" + m["role"] + "\n"
        if isinstance(m["content"], str):
            s += m["content"]
        else:
            for part in m["content"]:
                s += "<image>" if part["type"] == "image" else part["text"]
        s += "<|im_end|>\n"
    if add_generation_prompt:
        s += "<|im_start|>assistant\n"
    return s


def render_idefics3(messages, add_generation_prompt):
    s = "<|im_start|>"
    for m in messages:
        s += m["role"].capitalize()
        s += ":" if m["content"][0]["type"] == "image" else ": "
        for part in m["content"]:
            s += "<image>" if part["type"] == "image" else part["text"]
        s += "<end_of_utterance>\n"
    if add_generation_prompt:
        s += "Assistant:"
    return s


# -------------------------------------------------------------------------- export

def fp16_initializers(model_path, out_path):
    """Stores every float initializer that is exactly representable in fp16 as fp16
    plus a Cast back to float32 (the weights were rounded to fp16 beforehand, so
    the graph computes exactly what the rounded PyTorch module computes)."""
    m = onnx.load(model_path)
    g = m.graph
    casts = []
    for init in list(g.initializer):
        if init.data_type != TensorProto.FLOAT:
            continue
        a = numpy_helper.to_array(init)
        if a.size < 16 or not np.array_equal(a.astype(np.float16).astype(np.float32), a):
            continue
        name = init.name
        new = numpy_helper.from_array(a.astype(np.float16), name + "_fp16")
        g.initializer.remove(init)
        g.initializer.append(new)
        casts.append(helper.make_node("Cast", [name + "_fp16"], [name], to=TensorProto.FLOAT,
                                      name="cast_" + name.replace("/", "_").replace(":", "_")))
    for i, node in enumerate(casts):
        g.node.insert(i, node)
    onnx.checker.check_model(m)
    onnx.save(m, out_path)


def export(module, args, path, input_names, output_names, dynamic_axes):
    torch.onnx.export(module, args, path, opset_version=OPSET, input_names=input_names,
                      output_names=output_names, dynamic_axes=dynamic_axes,
                      do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path), full_check=True)


def fix_feature_dim(path, tokens_per_frame):
    """torch names image_features' token axis symbolically although it is fixed;
    give it its number so the metadata says what the graph produces."""
    m = onnx.load(path)
    dim = m.graph.output[0].type.tensor_type.shape.dim[1]
    dim.Clear()
    dim.dim_value = tokens_per_frame
    onnx.checker.check_model(m, full_check=True)
    onnx.save(m, path)


def to_external_data(path):
    """Moves the weights into `<file>.onnx_data` beside the graph, the way
    onnx-community ships larger models, so loaders exercise that path too."""
    m = onnx.load(path)
    data = os.path.basename(path) + "_data"
    if os.path.exists(os.path.join(os.path.dirname(path), data)):
        os.remove(os.path.join(os.path.dirname(path), data))
    onnx.save_model(m, path, save_as_external_data=True, all_tensors_to_one_file=True,
                    location=data, size_threshold=1024)
    onnx.checker.check_model(path, full_check=True)


def round_params_fp16(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(p.half().float())


def cache_names(c):
    ins, outs = [], []
    for i in range(c.layers):
        ins += [f"past_key_values.{i}.key", f"past_key_values.{i}.value"]
        outs += [f"present.{i}.key", f"present.{i}.value"]
    return ins, outs


def export_decoder(dec, c, path, exporter=None):
    past_in, present_out = cache_names(c)
    kv_dtype = torch.float16 if dec.kv_fp16 else torch.float32
    b, s, past = 1, 5, 3
    args = (torch.randn(b, s, c.hidden_size), torch.ones(b, past + s, dtype=torch.int64),
            torch.arange(past, past + s, dtype=torch.int64)[None])
    args += tuple(torch.zeros(b, c.kv_heads, past, c.head_dim, dtype=kv_dtype) for _ in past_in)
    dyn = {"inputs_embeds": {0: "batch_size", 1: "sequence_length"},
           "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
           "position_ids": {0: "batch_size", 1: "sequence_length"},
           "logits": {0: "batch_size", 1: "sequence_length"}}
    for n in past_in:
        dyn[n] = {0: "batch_size", 2: "past_sequence_length"}
    for n in present_out:
        dyn[n] = {0: "batch_size", 2: "total_sequence_length"}
    (exporter or export)(dec, args, path, ["inputs_embeds", "attention_mask", "position_ids"] + past_in,
           ["logits"] + present_out, dyn)


def export_embed(emb, path):
    export(emb, (torch.tensor([[1, 2, 3]], dtype=torch.int64),), path, ["input_ids"],
           ["inputs_embeds"], {"input_ids": {0: "batch_size", 1: "sequence_length"},
                               "inputs_embeds": {0: "batch_size", 1: "sequence_length"}})


# ---------------------------------------------------------------------- generation

class Runner:
    """Drives the three modules exactly like an ONNX runtime would drive the three
    graphs: embed -> merge image features -> decoder with a growing cache."""

    def __init__(self, vision, embed, dec, c, image_token_id, vision_fn):
        self.vision, self.embed, self.dec, self.c = vision, embed, dec, c
        self.image_token_id = image_token_id
        self.vision_fn = vision_fn
        kv_dtype = torch.float16 if dec.kv_fp16 else torch.float32
        self.past = [torch.zeros(1, c.kv_heads, 0, c.head_dim, dtype=kv_dtype)
                     for _ in range(2 * c.layers)]
        self.ids = []

    @torch.no_grad()
    def step(self, new_ids, image_inputs=None):
        ids = torch.tensor([new_ids], dtype=torch.int64)
        emb = self.embed(ids)
        n_img = sum(1 for t in new_ids if t == self.image_token_id)
        if image_inputs is not None:
            feats = self.vision_fn(self.vision, image_inputs).reshape(-1, self.c.hidden_size)
            assert feats.shape[0] == n_img, (feats.shape, n_img)
            emb[0, ids[0] == self.image_token_id] = feats
        else:
            assert n_img == 0
        total = len(self.ids) + len(new_ids)
        mask = torch.ones(1, total, dtype=torch.int64)
        pos = torch.arange(len(self.ids), total, dtype=torch.int64)[None]
        out = self.dec(emb, mask, pos, *self.past)
        self.past = list(out[1:])
        self.ids += list(new_ids)
        return out[0][0, -1].clone()

    def greedy(self, first_logits, eos_ids, max_new=MAX_NEW_TOKENS):
        logits, gen, margins, tops = first_logits, [], [], []
        for _ in range(max_new):
            v, i = torch.topk(logits, 5)
            tops.append([[int(a), round(float(b), 6)] for a, b in zip(i, v)])
            margins.append(float(v[0] - v[1]))
            tok = int(i[0])
            gen.append(tok)
            if tok in eos_ids or len(gen) == max_new:
                break
            logits = self.step([tok])
        return gen, margins, tops


def check_against_full_recompute(runner, pieces):
    """The cached path must agree with one prefill over the whole history."""
    fresh = Runner(runner.vision, runner.embed, runner.dec, runner.c, runner.image_token_id,
                   runner.vision_fn)
    all_ids = [t for ids, _ in pieces for t in ids]
    imgs = [im for _, im in pieces if im is not None]
    with torch.no_grad():
        ids = torch.tensor([all_ids])
        emb = fresh.embed(ids)
        if imgs:
            feats = torch.cat([fresh.vision_fn(fresh.vision, im).reshape(-1, fresh.c.hidden_size)
                               for im in imgs])
            emb[0, ids[0] == fresh.image_token_id] = feats
        out = fresh.dec(emb, torch.ones(1, len(all_ids), dtype=torch.int64),
                        torch.arange(len(all_ids))[None], *fresh.past)
    return out[0][0, -1]


# ------------------------------------------------------------------------ goldens io

def write_f32(path, arr):
    a = np.ascontiguousarray(np.asarray(arr, dtype="<f4"))
    a.tofile(path)
    return list(a.shape)


class GoldenWriter:
    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)

    def tensor(self, name, arr):
        shape = write_f32(os.path.join(self.folder, name), arr)
        return {"file": name, "dtype": "float32", "shape": shape}

    def json(self, name, obj):
        with open(os.path.join(self.folder, name), "w") as f:
            json.dump(obj, f, indent=1, ensure_ascii=False)
            f.write("\n")


# ----------------------------------------------------------------------- families

def build_tokenizer(special):
    corpus = open(os.path.join(HERE, "corpus.txt"), encoding="utf-8").read()
    vocab, merges = bpe.train(corpus, NUM_MERGES)
    return bpe.Tokenizer(vocab, merges, special)


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")


def silence_specials(dec, tok, keep):
    # Random weights would sometimes pick <image> or a layout token; a real model
    # never emits those, so their lm_head rows are zeroed (logit exactly 0).
    with torch.no_grad():
        for t in tok.special:
            if t not in keep:
                dec.lm_head.weight[tok.token_id(t)] = 0.0


def llava_vision_fn(vision, pixel_values):
    return vision(torch.from_numpy(pixel_values))


def idefics3_vision_fn(vision, inputs):
    px, mask = inputs
    return vision(torch.from_numpy(px), torch.from_numpy(mask))


def build_family(family, images):
    llava = family == "llava"
    name = "tiny-llava" if llava else "tiny-idefics3"
    out = os.path.join(MODELS, name)
    os.makedirs(os.path.join(out, "onnx"), exist_ok=True)
    if llava:
        special = ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<image>"]
        eos_tokens = ["<|im_end|>", "<|endoftext|>"]
    else:
        special = ["<|endoftext|>", "<|im_start|>", "<end_of_utterance>", "<image>",
                   "<fake_token_around_image>", "<global-img>"]
        special += [f"<row_{r}_col_{c}>" for r in range(1, 7) for c in range(1, 7)]
        eos_tokens = ["<end_of_utterance>", "<|endoftext|>"]
    tok = build_tokenizer(special)
    tok.save(os.path.join(out, "tokenizer.json"))
    image_token_id = tok.token_id("<image>")
    eos_ids = [tok.token_id(t) for t in eos_tokens]

    c = TextConfig(vocab_size=len(tok))
    seed = 20261122 if llava else 20261123
    if llava:
        vision = LlavaVision(LLAVA["image_size"], LLAVA["patch"], LLAVA["v_hidden"],
                             LLAVA["v_heads"], LLAVA["v_layers"], LLAVA["v_mlp"], c.hidden_size)
        vision_fn = llava_vision_fn
    else:
        vision = Idefics3Vision(IDEF["tile"], IDEF["patch"], IDEF["v_hidden"], IDEF["v_heads"],
                                IDEF["v_layers"], IDEF["v_mlp"], c.hidden_size, IDEF["scale"])
        vision_fn = idefics3_vision_fn
    embed = EmbedTokens(c.vocab_size, c.hidden_size)
    dec = Decoder(c)
    for k, mod in enumerate([vision, embed, dec]):
        init_weights(mod, seed * 10 + k)
    silence_specials(dec, tok, eos_tokens)
    for mod in (vision, embed, dec):
        mod.eval()

    # ---- fp32 graphs
    onnx_dir = os.path.join(out, "onnx")
    if llava:
        s = LLAVA["image_size"]
        export(vision, (torch.randn(1, 3, s, s),), os.path.join(onnx_dir, "vision_encoder.onnx"),
               ["pixel_values"], ["image_features"],
               {"pixel_values": {0: "batch_size"}, "image_features": {0: "batch_size"}})
    else:
        t = IDEF["tile"]
        export(vision, (torch.randn(1, 2, 3, t, t), torch.ones(1, 2, t, t, dtype=torch.bool)),
               os.path.join(onnx_dir, "vision_encoder.onnx"),
               ["pixel_values", "pixel_attention_mask"], ["image_features"],
               {"pixel_values": {0: "batch_size", 1: "num_images"},
                "pixel_attention_mask": {0: "batch_size", 1: "num_images"},
                "image_features": {0: "num_image_frames"}})
    tokens_per_frame = (LLAVA["image_size"] // LLAVA["patch"]) ** 2 if llava else IDEF["image_seq_len"]
    fix_feature_dim(os.path.join(onnx_dir, "vision_encoder.onnx"), tokens_per_frame)
    export_embed(embed, os.path.join(onnx_dir, "embed_tokens.onnx"))
    export_decoder(dec, c, os.path.join(onnx_dir, "decoder_model_merged.onnx"))
    if not llava:
        for f in ("vision_encoder.onnx", "embed_tokens.onnx", "decoder_model_merged.onnx"):
            to_external_data(os.path.join(onnx_dir, f))

    # ---- fp16 variant: fp16-rounded weights stored as fp16, fp16 KV cache
    import copy
    vision16, embed16, dec16 = copy.deepcopy(vision), copy.deepcopy(embed), copy.deepcopy(dec)
    for mod in (vision16, embed16, dec16):
        round_params_fp16(mod)
    dec16.kv_fp16 = True
    tmp = os.path.join(onnx_dir, "_tmp.onnx")
    if llava:
        export(vision16, (torch.randn(1, 3, s, s),), tmp, ["pixel_values"], ["image_features"],
               {"pixel_values": {0: "batch_size"}, "image_features": {0: "batch_size"}})
    else:
        export(vision16, (torch.randn(1, 2, 3, t, t), torch.ones(1, 2, t, t, dtype=torch.bool)), tmp,
               ["pixel_values", "pixel_attention_mask"], ["image_features"],
               {"pixel_values": {0: "batch_size", 1: "num_images"},
                "pixel_attention_mask": {0: "batch_size", 1: "num_images"},
                "image_features": {0: "num_image_frames"}})
    fix_feature_dim(tmp, tokens_per_frame)
    fp16_initializers(tmp, os.path.join(onnx_dir, "vision_encoder_fp16.onnx"))
    export_embed(embed16, tmp)
    fp16_initializers(tmp, os.path.join(onnx_dir, "embed_tokens_fp16.onnx"))
    export_decoder(dec16, c, tmp)
    fp16_initializers(tmp, os.path.join(onnx_dir, "decoder_model_merged_fp16.onnx"))
    os.remove(tmp)

    # ---- configs
    text_config = {
        "model_type": "llama", "vocab_size": c.vocab_size, "hidden_size": c.hidden_size,
        "intermediate_size": c.intermediate, "num_hidden_layers": c.layers,
        "num_attention_heads": c.heads, "num_key_value_heads": c.kv_heads,
        "head_dim": c.head_dim, "rms_norm_eps": c.rms_eps, "rope_theta": c.rope_theta,
        "max_position_embeddings": c.max_pos, "hidden_act": "silu",
        "tie_word_embeddings": False, "eos_token_id": eos_ids[0],
        "torch_dtype": "float32",
    }
    if llava:
        config = {
            "architectures": ["LlavaForConditionalGeneration"], "model_type": "llava",
            "image_token_index": image_token_id, "projector_hidden_act": "gelu",
            "vision_feature_layer": -1, "vision_feature_select_strategy": "full",
            "text_config": text_config,
            "vision_config": {"model_type": "clip_vision_model", "image_size": LLAVA["image_size"],
                              "patch_size": LLAVA["patch"], "hidden_size": LLAVA["v_hidden"],
                              "num_attention_heads": LLAVA["v_heads"],
                              "num_hidden_layers": LLAVA["v_layers"],
                              "intermediate_size": LLAVA["v_mlp"], "num_channels": 3},
            "transformers.js_config": {"kv_cache_dtype": {"fp16": "float16", "fp32": "float32"}},
        }
        pre = {
            "processor_class": "LlavaProcessor", "image_processor_type": "CLIPImageProcessor",
            "do_convert_rgb": True, "do_resize": True, "size": {"shortest_edge": LLAVA["image_size"]},
            "resample": 3, "do_center_crop": True,
            "crop_size": {"height": LLAVA["image_size"], "width": LLAVA["image_size"]},
            "do_rescale": True, "rescale_factor": 1 / 255, "do_normalize": True,
            "image_mean": LLAVA["mean"], "image_std": LLAVA["std"],
        }
        proc = {"processor_class": "LlavaProcessor", "image_token": "<image>",
                "patch_size": LLAVA["patch"], "num_additional_image_tokens": 0,
                "vision_feature_select_strategy": "full"}
        template = LLAVA_TEMPLATE
        tok_cfg_extra = {"bos_token": None, "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>",
                         "unk_token": None}
    else:
        config = {
            "architectures": ["Idefics3ForConditionalGeneration"], "model_type": "idefics3",
            "image_token_id": image_token_id, "scale_factor": IDEF["scale"],
            "text_config": text_config,
            "vision_config": {"model_type": "idefics3_vision", "image_size": IDEF["tile"],
                              "patch_size": IDEF["patch"], "hidden_size": IDEF["v_hidden"],
                              "num_attention_heads": IDEF["v_heads"],
                              "num_hidden_layers": IDEF["v_layers"],
                              "intermediate_size": IDEF["v_mlp"], "num_channels": 3},
            "transformers.js_config": {
                "kv_cache_dtype": {"fp16": "float16", "fp32": "float32"},
                "use_external_data_format": {"vision_encoder.onnx": True, "embed_tokens.onnx": True,
                                             "decoder_model_merged.onnx": True}},
        }
        pre = {
            "processor_class": "Idefics3Processor", "image_processor_type": "Idefics3ImageProcessor",
            "do_convert_rgb": True, "do_resize": True, "size": {"longest_edge": IDEF["longest_edge"]},
            "resample": 1, "do_image_splitting": True,
            "max_image_size": {"longest_edge": IDEF["tile"]},
            "do_rescale": True, "rescale_factor": 1 / 255, "do_normalize": True,
            "image_mean": IDEF["mean"], "image_std": IDEF["std"], "do_pad": True,
        }
        proc = {"processor_class": "Idefics3Processor", "image_seq_len": IDEF["image_seq_len"]}
        template = IDEF_TEMPLATE
        tok_cfg_extra = {"bos_token": None, "eos_token": "<end_of_utterance>",
                         "pad_token": "<|endoftext|>", "unk_token": None}
    write_json(os.path.join(out, "config.json"), config)
    write_json(os.path.join(out, "generation_config.json"),
               {"eos_token_id": eos_ids, "pad_token_id": tok.token_id("<|endoftext|>"),
                "do_sample": False, "max_new_tokens": 256})
    write_json(os.path.join(out, "preprocessor_config.json"), pre)
    write_json(os.path.join(out, "processor_config.json"), proc)
    tok_cfg = {
        "tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": c.max_pos,
        "add_bos_token": False, "add_eos_token": False, "clean_up_tokenization_spaces": False,
        "chat_template": template,
        "added_tokens_decoder": {str(tok.token_id(t)): {"content": t, "lstrip": False,
                                                        "normalized": False, "rstrip": False,
                                                        "single_word": False, "special": True}
                                 for t in tok.special},
    }
    tok_cfg.update(tok_cfg_extra)
    write_json(os.path.join(out, "tokenizer_config.json"), tok_cfg)

    # ---- goldens
    gold_root = os.path.join(GOLDENS, name)
    summary = {"model_dir": f"models/{name}", "eos_token_ids": eos_ids,
               "image_token_id": image_token_id, "vocab_size": c.vocab_size,
               "max_new_tokens": MAX_NEW_TOKENS, "variants": {}}
    for variant, mods in (("fp32", (vision, embed, dec)), ("fp16", (vision16, embed16, dec16))):
        gw = GoldenWriter(os.path.join(gold_root, variant))
        summary["variants"][variant] = run_goldens(family, gw, tok, mods, c, image_token_id,
                                                   eos_ids, vision_fn, images)
    GoldenWriter(gold_root).json("summary.json", summary)
    return out


def image_inputs(family, path, split=True):
    if family == "llava":
        px = llava_pixel_values(path)
        return px, px.shape[-1] // LLAVA["patch"] * (px.shape[-2] // LLAVA["patch"]), None
    frames, rows, cols = idefics3_frames(path, split)
    px = frames[None]  # [1, n, 3, 32, 32]
    mask = np.ones((1, frames.shape[0], IDEF["tile"], IDEF["tile"]), dtype=bool)
    return (px, mask), (rows, cols), None


def expand_images(family, text, image_infos):
    """Replaces each `<image>` in text, in order, with the family's expansion."""
    parts = text.split("<image>")
    assert len(parts) == len(image_infos) + 1
    s = parts[0]
    for info, rest in zip(image_infos, parts[1:]):
        if family == "llava":
            s += "<image>" * info
        else:
            rows, cols = info
            s += idefics3_image_prompt(rows, cols, IDEF["image_seq_len"])
        s += rest
    return s


def run_goldens(family, gw, tok, mods, c, image_token_id, eos_ids, vision_fn, images):
    vision, embed, dec = mods
    render = render_llava if family == "llava" else render_idefics3
    cases = []

    def save_image_inputs(tag, inputs):
        if family == "llava":
            return {"pixel_values": gw.tensor(f"{tag}.pixel_values.f32", inputs)}
        px, mask = inputs
        return {"pixel_values": gw.tensor(f"{tag}.pixel_values.f32", px),
                "pixel_attention_mask": {"value": "all true", "dtype": "bool",
                                         "shape": list(mask.shape)}}

    def single(case_name, img_name, question, split=True):
        path = images[img_name]
        inputs, info, _ = image_inputs(family, path, split)
        messages = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": question}]}]
        prompt = render(messages, True)
        expanded = expand_images(family, prompt, [info])
        ids = tok.encode(expanded)
        r = Runner(vision, embed, dec, c, image_token_id, vision_fn)
        first = r.step(ids, inputs)
        ref = check_against_full_recompute(r, [(ids, inputs)])
        assert torch.allclose(first, ref, atol=1e-5), "prefill mismatch"
        gen, margins, tops = r.greedy(first, eos_ids)
        full = check_against_full_recompute(r, [(r.ids[:len(ids)], inputs), (r.ids[len(ids):], None)])
        entry = {
            "name": case_name, "images": [f"models/goldens/images/{img_name}"],
            "messages": messages, "prompt": prompt, "expanded_prompt": expanded,
            "input_ids": ids,
            "image_token_count": sum(1 for t in ids if t == image_token_id),
            **save_image_inputs(case_name, inputs),
            "first_step_logits": gw.tensor(f"{case_name}.first_logits.f32", first.numpy()),
            "generated_ids": gen, "generated_text": tok.decode(gen),
            "min_top1_margin": round(min(margins), 6), "top5_per_step": tops,
        }
        if family != "llava":
            entry["do_image_splitting"] = split
            entry["rows"], entry["cols"] = info
            entry["num_frames"] = int(inputs[0].shape[1])
        # sanity: the last cached logits equal a full recompute
        assert full.shape[0] == c.vocab_size
        cases.append(entry)

    first_img = "scene_a.png"
    single("single_image", first_img, "What is in the picture?")
    if family != "llava":
        single("single_image_no_split", "gradient_c.png", "Describe the image.", split=False)
    else:
        single("single_image_small", "gradient_c.png", "Describe the image.")

    # ---- multi-turn CoTA case: image A, model reply, observation turn with image B
    in_a, info_a, _ = image_inputs(family, images["scene_a.png"])
    in_b, info_b, _ = image_inputs(family, images["receipt_b.png"])
    # TACO shapes (docs/TACO-PROTOCOL.md): the request lists images as `image-i: <image>`,
    # the observation is a Python-dict repr plus the fixed suffix.
    messages = [{"role": "user", "content": [
        {"type": "text", "text": "# USER REQUEST #:\nimage-0: "}, {"type": "image"},
        {"type": "text", "text": "\nWhich object is closer to the camera?\nNow please generate your response:\n"}]}]
    prompt1 = render(messages, True)
    ids1 = tok.encode(expand_images(family, prompt1, [info_a]))
    r = Runner(vision, embed, dec, c, image_token_id, vision_fn)
    first1 = r.step(ids1, in_a)
    gen1, m1, tops1 = r.greedy(first1, eos_ids)
    obs = ("OBSERVATION:\n{'image': 'image-1: <image>'}\nThe OBSERVATION can be incomplete or "
           "incorrect, so please be critical and decide how to make use of it. If you've gathered "
           "sufficient information to answer the question, call Terminate with the final answer. "
           "Now, please generate the response for the next step.")
    if family == "llava":
        close = "" if gen1[-1] == tok.token_id("<|im_end|>") else "<|im_end|>"
        seg = close + "\n<|im_start|>user\n" + obs + "<|im_end|>\n<|im_start|>assistant\n"
    else:
        close = "" if gen1[-1] == tok.token_id("<end_of_utterance>") else "<end_of_utterance>"
        seg = close + "\nUser: " + obs + "<end_of_utterance>\nAssistant:"
    seg_expanded = expand_images(family, seg, [info_b])
    ids2 = tok.encode(seg_expanded)
    # The last generated token of turn 1 is not in the cache yet: it is fed together
    # with the new turn's tokens in one prefill call.
    first2 = r.step([gen1[-1]] + ids2, in_b)
    ref2 = check_against_full_recompute(r, [(ids1, in_a), (gen1, None), (ids2, in_b)])
    assert torch.allclose(first2, ref2, atol=1e-4), (first2 - ref2).abs().max()
    gen2, m2, tops2 = r.greedy(first2, eos_ids)
    turns = [
        {"messages": messages, "new_text": prompt1, "new_text_expanded": expand_images(family, prompt1, [info_a]),
         "images": ["models/goldens/images/scene_a.png"], "new_input_ids": ids1,
         **save_image_inputs("multi_turn.turn1", in_a),
         "first_step_logits": gw.tensor("multi_turn.turn1.first_logits.f32", first1.numpy()),
         "generated_ids": gen1, "generated_text": tok.decode(gen1),
         "min_top1_margin": round(min(m1), 6), "top5_per_step": tops1},
        {"new_text": seg, "new_text_expanded": seg_expanded,
         "images": ["models/goldens/images/receipt_b.png"], "new_input_ids": ids2,
         **save_image_inputs("multi_turn.turn2", in_b),
         "first_step_logits": gw.tensor("multi_turn.turn2.first_logits.f32", first2.numpy()),
         "generated_ids": gen2, "generated_text": tok.decode(gen2),
         "min_top1_margin": round(min(m2), 6), "top5_per_step": tops2},
    ]
    if family != "llava":
        for tr, (info, inp) in zip(turns, ((info_a, in_a), (info_b, in_b))):
            tr["rows"], tr["cols"] = info
            tr["num_frames"] = int(inp[0].shape[1])
    cases.append({"name": "multi_turn", "turns": turns,
                  "history_ids": ids1 + gen1 + ids2 + gen2})
    for case in cases:
        gw.json(f"{case['name']}.json", case)
    margins = [cs["min_top1_margin"] for cs in cases if "min_top1_margin" in cs]
    margins += [tr["min_top1_margin"] for cs in cases for tr in cs.get("turns", [])]
    return {"cases": [f"{cs['name']}.json" for cs in cases], "min_top1_margin": min(margins)}


def tokenizer_goldens(tok, folder):
    samples = [
        "Hello world! It's 3.65 dollars, isn't it?",
        '{"thought": "zoom in", "actions": [{"name": "ZoomInSubfigure", "arguments": {"bbox": [0.1, 0.2, 0.5, 0.9]}}]}',
        "  two  spaces\nand\ttabs\n\n",
        "<|im_start|>user\n<image>What is this?<|im_end|>\n",
        "Ünïcödé café — 日本語 ✓",
    ]
    GoldenWriter(folder).json("tokenizer_cases.json",
                              [{"text": s, "ids": tok.encode(s), "decoded": tok.decode(tok.encode(s))}
                               for s in samples])


def main():
    images = make_images()
    for fam in ("llava", "idefics3"):
        out = build_family(fam, images)
        tok_json = json.load(open(os.path.join(out, "tokenizer.json")))
        special = [a["content"] for a in tok_json["added_tokens"]]
        corpus = open(os.path.join(HERE, "corpus.txt"), encoding="utf-8").read()
        vocab, merges = bpe.train(corpus, NUM_MERGES)
        tokenizer_goldens(bpe.Tokenizer(vocab, merges, special),
                          os.path.join(GOLDENS, os.path.basename(out)))
        size = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(out) for f in fs)
        print(f"{out}: {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
