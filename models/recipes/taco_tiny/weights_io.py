"""Reads the shipped fp16 ONNX weights of models/taco-tiny back into the PyTorch modules,
so training can continue from the shipped model on a machine without the checkpoint."""
import json
import os

import numpy as np
import onnx
import torch
from onnx import numpy_helper


def _initializers(path):
    out = {}
    for init in onnx.load(path).graph.initializer:
        name = init.name[:-5] if init.name.endswith("_fp16") else init.name
        out[name] = numpy_helper.to_array(init).astype(np.float32)
    return out


def load_shipped(model, folder):
    parts = {"vision": "vision_encoder_fp16.onnx", "embed": "embed_tokens_fp16.onnx",
             "decoder": "decoder_model_merged_fp16.onnx"}
    missing = []
    with torch.no_grad():
        for prefix, file in parts.items():
            inits = _initializers(os.path.join(folder, "onnx", file))
            module = getattr(model, prefix)
            for name, p in module.named_parameters():
                if name in inits and tuple(inits[name].shape) == tuple(p.shape):
                    p.copy_(torch.from_numpy(inits[name]))
                else:
                    missing.append(f"{prefix}.{name}")
    if missing:
        raise SystemExit(f"weights_io: the shipped model lacks {len(missing)} weights, e.g. {missing[:3]}")
    with open(os.path.join(folder, "training_state.json"), encoding="utf-8") as f:
        return json.load(f)["step"]
