#!/usr/bin/python3
"""Exports taco-tiny from a training checkpoint to models/taco-tiny in the transformers.js
LLaVA layout (model_type llava, a llama text_config), fp16 weights (cast to fp32 inside
the graphs, fp16 KV cache), the tokenizer, and the taco-specific bits: the protocol profile
it was trained with (generation_config.json `taco_profile`) and training_state.json.

    /usr/bin/python3 models/recipes/taco_tiny/export.py [--ckpt PATH] [--out models/taco-tiny]

Initializers keep the PyTorch parameter names (no constant folding) so weights_io can read
the shipped weights back and a later training run can continue from them on another machine.
"""
import argparse
import json
import os
import shutil
import sys

import numpy as np
import onnx
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tiny_vlm"))
import common  # noqa: E402
import tok as toklib  # noqa: E402
import train  # noqa: E402
from modeling import Decoder  # noqa: E402
import build as tv  # noqa: E402  (tiny_vlm's export helpers)

OPSET = 17


def export_plain(module, args, path, input_names, output_names, dynamic_axes):
    torch.onnx.export(module, args, path, opset_version=OPSET, input_names=input_names,
                      output_names=output_names, dynamic_axes=dynamic_axes, do_constant_folding=False)
    onnx.checker.check_model(onnx.load(path), full_check=True)


def write_render_golden(tok, conversations):
    """models/goldens/taco-tiny/training_render.json: a conversation as training renders and
    tokenizes it; a C# test checks taco's chat template and tokenizer give the same text and ids."""
    import sim
    if conversations:
        with open(conversations, encoding="utf-8") as f:
            conv = json.loads(f.readline())
    else:
        conv = sim.conversation(20_000_000)
    text = "".join(t for t, _ in common.render_chat(conv["messages"]))
    folder = os.path.join(common.REPO, "models", "goldens", "taco-tiny")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "training_render.json"), "w", encoding="utf-8") as f:
        json.dump({"messages": [{"role": m["role"], "text": m["text"]} for m in conv["messages"]],
                   "text": text, "ids": tok.encode(text)}, f, ensure_ascii=False, indent=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", default=train.CKPT)
    ap.add_argument("--out", default=os.path.join(common.REPO, "models", "taco-tiny"))
    ap.add_argument("--golden-conversation", default=None,
                    help="a conversations JSONL (taco synth output) whose first line becomes the render golden")
    ap.add_argument("--scores", default=None, help="JSON with evaluation figures to record in training_state.json")
    args = ap.parse_args()
    torch.set_num_threads(1)
    tok = toklib.load(train.TOK_DIR)
    ck = torch.load(args.ckpt)
    model = train.TacoTiny(len(tok))
    model.load_state_dict(ck["model"])
    model.eval()
    tv.round_params_fp16(model)

    # The exported decoder (fp16 KV cache) must compute what training computed.
    dec16 = Decoder(model.c, kv_fp16=True)
    dec16.load_state_dict(model.decoder.state_dict())
    dec16.eval()
    with torch.no_grad():
        ids = torch.tensor([tok.encode(common.first_turn("What is the price of Diesel?"))])
        attn = torch.ones_like(ids)
        x = model.embed(ids)
        a = train.fast_decoder(model.decoder, x, attn, torch.arange(ids.shape[1])[None])
        c = model.c
        past = [torch.zeros(1, c.kv_heads, 0, c.head_dim, dtype=torch.float16) for _ in range(2 * c.layers)]
        b = dec16(x, attn, torch.arange(ids.shape[1])[None], *past)[0]
        diff = (a - b).abs().max().item()
        assert diff < 2e-2, f"exported decoder differs from training by {diff}"

    out = args.out
    onnx_dir = os.path.join(out, "onnx")
    if os.path.isdir(onnx_dir):
        shutil.rmtree(onnx_dir)
    os.makedirs(onnx_dir)
    tmp = os.path.join(onnx_dir, "tmp.onnx")
    s = common.IMAGE_SIZE
    export_plain(model.vision, (torch.zeros(1, 3, s, s),), tmp, ["pixel_values"], ["image_features"],
                 {"pixel_values": {0: "batch_size"}, "image_features": {0: "batch_size"}})
    tv.fix_feature_dim(tmp, common.IMAGE_TOKENS)
    tv.fp16_initializers(tmp, os.path.join(onnx_dir, "vision_encoder_fp16.onnx"))
    export_plain(model.embed, (torch.tensor([[1, 2, 3]], dtype=torch.int64),), tmp, ["input_ids"], ["inputs_embeds"],
                 {"input_ids": {0: "batch_size", 1: "sequence_length"},
                  "inputs_embeds": {0: "batch_size", 1: "sequence_length"}})
    tv.fp16_initializers(tmp, os.path.join(onnx_dir, "embed_tokens_fp16.onnx"))
    tv.export_decoder(dec16, c, tmp, exporter=export_plain)
    tv.fp16_initializers(tmp, os.path.join(onnx_dir, "decoder_model_merged_fp16.onnx"))
    os.remove(tmp)

    toklib.save(tok, out)
    image_id = tok.token_id(common.IMAGE)
    eos = [tok.token_id(common.IM_END), tok.token_id(common.ENDOFTEXT)]
    a = train.ARCH
    config = {
        "architectures": ["LlavaForConditionalGeneration"], "model_type": "llava",
        "image_token_index": image_id, "projector_hidden_act": "gelu", "vision_feature_layer": -1,
        "vision_feature_select_strategy": "full",
        "text_config": {"model_type": "llama", "vocab_size": len(tok), "hidden_size": a["hidden"],
                        "intermediate_size": a["intermediate"], "num_hidden_layers": a["layers"],
                        "num_attention_heads": a["heads"], "num_key_value_heads": a["kv_heads"],
                        "head_dim": a["hidden"] // a["heads"], "rms_norm_eps": 1e-6, "rope_theta": 10000.0,
                        "max_position_embeddings": 2048, "hidden_act": "silu", "tie_word_embeddings": False,
                        "eos_token_id": eos[0], "torch_dtype": "float16"},
        "vision_config": {"model_type": "clip_vision_model", "image_size": s, "patch_size": common.PATCH,
                          "hidden_size": a["v_hidden"], "num_attention_heads": a["v_heads"],
                          "num_hidden_layers": a["v_layers"], "intermediate_size": a["v_mlp"], "num_channels": 3},
        "transformers.js_config": {"kv_cache_dtype": {"fp16": "float16", "fp32": "float32"}},
    }
    w = lambda name, obj: json.dump(obj, open(os.path.join(out, name), "w", encoding="utf-8"), indent=2)  # noqa: E731
    w("config.json", config)
    w("generation_config.json", {"eos_token_id": eos, "pad_token_id": tok.token_id(common.ENDOFTEXT),
                                 "do_sample": False, "max_new_tokens": 192, "taco_profile": "taco-tiny"})
    w("preprocessor_config.json", {
        "processor_class": "LlavaProcessor", "image_processor_type": "CLIPImageProcessor", "do_convert_rgb": True,
        "do_resize": True, "size": {"shortest_edge": s}, "resample": 3, "do_center_crop": True,
        "crop_size": {"height": s, "width": s}, "do_rescale": True, "rescale_factor": 1 / 255,
        "do_normalize": True, "image_mean": common.MEAN, "image_std": common.STD})
    w("processor_config.json", {"processor_class": "LlavaProcessor", "image_token": common.IMAGE,
                                "patch_size": common.PATCH, "num_additional_image_tokens": 0,
                                "vision_feature_select_strategy": "full"})
    state = {"step": ck["step"], "train_minutes": round(ck.get("elapsed", 0) / 60, 1), "arch": a,
             "params": sum(p.numel() for p in model.parameters()), "profile": "taco-tiny"}
    if args.scores:
        state["scores"] = json.load(open(args.scores))
    w("training_state.json", state)
    # The render golden goes with the shipped model only: a trial export elsewhere leaves the repository alone.
    if os.path.realpath(out) == os.path.realpath(os.path.join(common.REPO, "models", "taco-tiny")):
        write_render_golden(tok, args.golden_conversation)
    total = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(out) for f in fs)
    print(f"exported step {ck['step']} to {out} ({total / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
