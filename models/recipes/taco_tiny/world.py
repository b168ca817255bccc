#!/usr/bin/python3
"""The synthetic world of taco-tiny: rendered scenes with dense annotations, questions and
plans for `taco synth` (docs/synth.md), or eval items for `taco eval`.

    /usr/bin/python3 models/recipes/taco_tiny/world.py --out DIR --split train|heldout|samples \
        --count N [--families fuel,receipt,depth,zoom,look] [--start K] [--eval]

writes DIR/images/<id>.png|.jpg and DIR/items.jsonl (synth items with plans and an
`annotations` field), or with --eval DIR/smoke.jsonl (eval items: id, image, question, answer,
category, answer_type, tolerance). Item k of the run (k = start … start+count-1) belongs to
family k mod F (F families asked for) and is rendered from seed
    split base + family offset + k div F
(bases: train 1_000_000, heldout 2_000_000, samples 3_000_000; family offsets
fuel 0, receipt 150_000, depth 300_000, zoom 450_000, look 600_000), so the three splits never
share a scene and an item depends on nothing but its seed (and the installed fonts).
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import depth  # noqa: E402
import fuel  # noqa: E402
import look  # noqa: E402
import receipt  # noqa: E402
import render  # noqa: E402
import zoom  # noqa: E402

SPLITS = {"train": 1_000_000, "heldout": 2_000_000, "samples": 3_000_000}
FAMILIES = {"fuel": (fuel, 0), "receipt": (receipt, 150_000), "depth": (depth, 300_000),
            "zoom": (zoom, 450_000), "look": (look, 600_000)}
FAMILY_SPAN = 150_000
# clean, degraded, photo-like
CONDITIONS = {"fuel": (0.35, 0.35, 0.30), "receipt": (0.35, 0.35, 0.30), "depth": (0.4, 0.4, 0.2),
              "zoom": (0.45, 0.35, 0.20), "look": (0.4, 0.35, 0.25)}


def condition_for(rng, family):
    c, d, _ = CONDITIONS[family]
    u = rng.random()
    return "clean" if u < c else "degraded" if u < c + d else "photo"


def finish(rng, scene, condition, flat=True):
    """Applies the condition to a flat scene (a sign, a board, a page): degraded ones may be
    slightly skewed, photo-like ones are placed in perspective in a surround; then pixel effects."""
    ops = []
    w, h = scene.size
    if flat and condition == "degraded" and rng.random() < 0.5:
        quad = render.jitter_quad(rng, w, h, 0.04, scale=0.94)
        render.warp(scene, (w, h), quad, tuple(int(v) for v in rng.uniform(60, 200, 3)))
        ops.append("skew")
    if flat and condition == "photo":
        ow = int(min(800, max(480, w * rng.uniform(1.05, 1.3))))
        oh = int(min(800, max(360, h * ow / w * rng.uniform(0.95, 1.15))))
        render.photo_place(rng, scene, ow, oh)
        ops.append("placed")
    img, ops = render.degrade_pixels(rng, scene.img, condition, ops)
    scene.img = img
    return ops


def make_item(family, seed, split):
    mod, _ = FAMILIES[family]
    rng = np.random.default_rng(seed)
    condition = condition_for(rng, family)
    item = mod.make(rng, condition)
    scene = item["scene"]
    if item.get("finished"):
        ops = item.get("ops", [])
    else:
        ops = finish(rng, scene, condition)
    return rng, condition, item, scene, ops


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--split", required=True, choices=sorted(SPLITS))
    ap.add_argument("--count", type=int, required=True, help="items in all (spread evenly over the families)")
    ap.add_argument("--families", default=",".join(FAMILIES), help="comma-separated subset of " + ",".join(FAMILIES))
    ap.add_argument("--start", type=int, default=0, help="first item number (to extend an earlier run)")
    ap.add_argument("--eval", action="store_true", help="write eval items (smoke.jsonl) instead of synth items")
    args = ap.parse_args()
    fams = [f.strip() for f in args.families.split(",") if f.strip()]
    for f in fams:
        if f not in FAMILIES:
            ap.error(f"unknown family {f!r}; choose from {', '.join(FAMILIES)}")
    if args.count < 1 or args.start < 0:
        ap.error("--count must be at least 1 and --start at least 0")
    if (args.start + args.count) // len(fams) + 1 > FAMILY_SPAN:
        ap.error(f"at most {FAMILY_SPAN} items per family and split")
    img_dir = os.path.join(args.out, "images")
    os.makedirs(img_dir, exist_ok=True)
    out_name = "smoke.jsonl" if args.eval else "items.jsonl"
    mode = "a" if args.start > 0 else "w"
    with open(os.path.join(args.out, out_name), mode, encoding="utf-8") as out:
        for k in range(args.start, args.start + args.count):
            family = fams[k % len(fams)]
            seed = SPLITS[args.split] + FAMILIES[family][1] + k // len(fams)
            rng, condition, item, scene, ops = make_item(family, seed, args.split)
            item_id = f"{family}-{seed}"
            path, quality = render.save(scene.img, os.path.join(img_dir, item_id), condition, rng,
                                        noisy_clean=family in ("depth", "zoom"),
                                        min_quality=60 if family == "zoom" else 35)
            rel = os.path.relpath(path, args.out)
            if args.eval:
                rec = {"id": item_id, "image": rel, "question": item["question"], "answer": item["answer"],
                       "category": family, "answer_type": item["answer_type"]}
                if item.get("tolerance") is not None:
                    rec["tolerance"] = item["tolerance"]
            else:
                w, h = scene.size
                rec = {"id": item_id, "images": [rel], "category": family, "question": item["question"],
                       "answer": item["answer"], "answer_type": item["answer_type"]}
                if item.get("tolerance") is not None:
                    rec["tolerance"] = item["tolerance"]
                rec["plan"] = item["plan"]
                rec["annotations"] = {"seed": seed, "condition": condition, "effects": ops, "jpeg_quality": quality,
                                      "width": w, "height": h, "texts": scene.annotations(), **item["info"]}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
