#!/usr/bin/python3
"""Exports a tiny depth model in the Depth-Anything-V2 ONNX layout and records
PyTorch goldens for fixed images.

  /usr/bin/python3 models/recipes/tiny_depth/build.py
      random weights (seeded)      -> models/tiny-depth/, models/goldens/tiny-depth/
  /usr/bin/python3 models/recipes/tiny_depth/build.py --weights W.pt --name tiny-depth-trained
      weights from train.py        -> models/tiny-depth-trained/, models/goldens/tiny-depth-trained/

Formats: README.md beside this file.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from depth_model import TinyDepth, init_random, PATCH  # noqa: E402
import scenes  # noqa: E402

MODELS = os.path.normpath(os.path.join(HERE, "..", ".."))
GOLDEN_IMAGES = os.path.join(MODELS, "goldens", "images")
SIZE = 140
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]

torch.set_num_threads(1)

PREPROCESSOR = {
    "image_processor_type": "DPTImageProcessor",
    "do_resize": True, "size": {"height": SIZE, "width": SIZE}, "keep_aspect_ratio": True,
    "ensure_multiple_of": PATCH, "resample": 3,
    "do_rescale": True, "rescale_factor": 1 / 255,
    "do_normalize": True, "image_mean": MEAN, "image_std": STD,
    "do_pad": False, "size_divisor": None,
}


def target_size(h, w):
    """DPTImageProcessor's size rule: scale as little as possible while keeping the
    aspect ratio, then round each side to a multiple of 14 (Python round: half to even)."""
    sh, sw = SIZE / h, SIZE / w
    if abs(1 - sw) < abs(1 - sh):
        sh = sw
    else:
        sw = sh

    def mult(v):
        x = round(v / PATCH) * PATCH
        if x < 0:
            x = math.ceil(v / PATCH) * PATCH
        return x
    return mult(sh * h), mult(sw * w)


def preprocess(img):
    img = img.convert("RGB")
    w, h = img.size
    nh, nw = target_size(h, w)
    r = img.resize((nw, nh), resample=Image.BICUBIC)
    a = np.asarray(r, dtype=np.float64) / 255.0
    a = (a - np.array(MEAN)) / np.array(STD)
    return a.transpose(2, 0, 1)[None].astype(np.float32)


def taco_region_depth(depth_map, bbox):
    """TACO's EstimateRegionDepth on a map at image resolution: d' = max(map) - map,
    mean over the box rows int(t*H):int(b*H), cols int(l*W):int(r*W), 2 decimals."""
    h, w = depth_map.shape
    l, t, r, b = bbox
    inv = depth_map.max() - depth_map
    region = inv[int(t * h):int(b * h), int(l * w):int(r * w)]
    return round(float(region.astype(np.float64).mean()), 2)


def export(model, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.onnx.export(model, (torch.randn(1, 3, 98, 140),), path, opset_version=17,
                      input_names=["pixel_values"], output_names=["predicted_depth"],
                      dynamic_axes={"pixel_values": {0: "batch_size", 2: "height", 3: "width"},
                                    "predicted_depth": {0: "batch_size", 1: "height", 2: "width"}},
                      do_constant_folding=True)
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)


def write_f32(path, arr):
    a = np.ascontiguousarray(np.asarray(arr, dtype="<f4"))
    a.tofile(path)
    return list(a.shape)


def golden_images():
    """scene_a.png is shared with the VLM goldens; depth_scene.png is a synthetic scene
    whose size (160x104) hits a rounding tie: 104*0.875/14 = 6.5 -> 6 (half to even) -> 84."""
    os.makedirs(GOLDEN_IMAGES, exist_ok=True)
    path = os.path.join(GOLDEN_IMAGES, "depth_scene.png")
    img, inv, objects, _ = scenes.make_scene(np.random.default_rng(7), 160, 104)
    img.save(path, optimize=False)
    with open(os.path.join(GOLDEN_IMAGES, "depth_scene.json"), "w") as f:
        json.dump({"note": "synthetic scene from models/recipes/tiny_depth/scenes.py, seed 7; "
                           "objects sorted far to near, inverse_depth larger = closer",
                   "objects": objects}, f, indent=1)
        f.write("\n")
    cases = [("scene_a", os.path.join(GOLDEN_IMAGES, "scene_a.png"),
              [[0.1, 0.4, 0.4, 0.8], [0.6, 0.15, 0.85, 0.5], [0.0, 0.0, 1.0, 1.0]]),
             ("depth_scene", path, [o["bbox"] for o in objects])]
    return cases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights")
    ap.add_argument("--name", default="tiny-depth")
    ap.add_argument("--seed", type=int, default=20261124)
    args = ap.parse_args()
    model = TinyDepth()
    if args.weights:
        model.load_state_dict(torch.load(args.weights))
    else:
        init_random(model, args.seed)
    model.eval()
    out = os.path.join(MODELS, args.name)
    export(model, os.path.join(out, "onnx", "model.onnx"))
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump({"architectures": ["DepthAnythingForDepthEstimation"], "model_type": "depth_anything",
                   "depth_estimation_type": "relative", "patch_size": PATCH,
                   "tiny_depth": {"hidden_size": 48, "num_hidden_layers": 2, "num_attention_heads": 4,
                                  "trained": bool(args.weights)}}, f, indent=2)
        f.write("\n")
    with open(os.path.join(out, "preprocessor_config.json"), "w") as f:
        json.dump(PREPROCESSOR, f, indent=2)
        f.write("\n")

    gdir = os.path.join(MODELS, "goldens", args.name)
    os.makedirs(gdir, exist_ok=True)
    summary = []
    for name, path, boxes in golden_images():
        img = Image.open(path).convert("RGB")
        px = preprocess(img)
        with torch.no_grad():
            pred = model(torch.from_numpy(px))
            full = F.interpolate(pred[:, None], size=(img.height, img.width), mode="bilinear",
                                 align_corners=False)[0, 0]
        entry = {
            "name": name, "image": os.path.relpath(path, os.path.join(MODELS, "..")),
            "image_size": [img.height, img.width],
            "pixel_values": {"file": f"{name}.pixel_values.f32", "dtype": "float32",
                             "shape": write_f32(os.path.join(gdir, f"{name}.pixel_values.f32"), px)},
            "predicted_depth": {"file": f"{name}.predicted_depth.f32", "dtype": "float32",
                                "shape": write_f32(os.path.join(gdir, f"{name}.predicted_depth.f32"),
                                                   pred.numpy())},
            "depth_at_image_size": {"file": f"{name}.depth_at_image_size.f32", "dtype": "float32",
                                    "shape": write_f32(os.path.join(gdir, f"{name}.depth_at_image_size.f32"),
                                                       full.numpy())},
            "predicted_min": round(float(pred.min()), 6), "predicted_max": round(float(pred.max()), 6),
            "regions": [{"bbox": b, "taco_depth": taco_region_depth(full.numpy(), b)} for b in boxes],
        }
        summary.append(entry)
    with open(os.path.join(gdir, "goldens.json"), "w") as f:
        json.dump({"model_dir": f"models/{args.name}", "cases": summary}, f, indent=1)
        f.write("\n")
    size = os.path.getsize(os.path.join(out, "onnx", "model.onnx"))
    print(f"{out}: model.onnx {size / 1e3:.0f} kB; " +
          "; ".join(f"{c['name']} {c['pixel_values']['shape']} -> {[r['taco_depth'] for r in c['regions']]}"
                    for c in summary))


if __name__ == "__main__":
    main()
