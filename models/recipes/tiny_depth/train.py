#!/usr/bin/python3
"""Trains TinyDepth on synthetic scenes (scenes.py) for a few CPU minutes, so the
depth tool can be tested on something that actually ranks near vs. far.

  /usr/bin/python3 models/recipes/tiny_depth/train.py --out /tmp/tiny_depth_train --steps 3000
  /usr/bin/python3 models/recipes/tiny_depth/train.py --out /tmp/tiny_depth_train --eval-only
then
  /usr/bin/python3 models/recipes/tiny_depth/build.py --weights /tmp/tiny_depth_train/final.pt --name tiny-depth-trained

Checkpoints (`ckpt.pt`, with optimizer and RNG state) every 100 steps; rerunning
resumes. One torch thread (the machine is shared). Deterministic for a given
--steps when run without interruption.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from depth_model import TinyDepth, init_random  # noqa: E402
import scenes  # noqa: E402

MEAN = np.array([0.485, 0.456, 0.406])
STD = np.array([0.229, 0.224, 0.225])
SIZES = [(98, 140), (112, 140), (140, 140), (140, 182), (126, 168), (140, 112)]


def to_tensor(img):
    a = (np.asarray(img, dtype=np.float64) / 255.0 - MEAN) / STD
    return torch.from_numpy(a.transpose(2, 0, 1).astype(np.float32))


def batch(rng, n):
    h, w = SIZES[int(rng.integers(0, len(SIZES)))]
    xs, ys = [], []
    for _ in range(n):
        img, inv, _, _ = scenes.make_scene(rng, w, h)
        if rng.uniform() < 0.5:
            img = img.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
            inv = inv[:, ::-1]
        xs.append(to_tensor(img))
        ys.append(torch.from_numpy(np.ascontiguousarray(inv)))
    return torch.stack(xs), torch.stack(ys)


def loss_fn(pred, target):
    l1 = (pred - target).abs().mean()
    # gradient matching keeps object edges sharp
    gx = lambda t: t[:, :, 1:] - t[:, :, :-1]  # noqa: E731
    gy = lambda t: t[:, 1:, :] - t[:, :-1, :]  # noqa: E731
    grad = (gx(pred) - gx(target)).abs().mean() + (gy(pred) - gy(target)).abs().mean()
    return l1 + 0.5 * grad


@torch.no_grad()
def evaluate(model, n_scenes=150, seed=999):
    """Pairwise ordering of visible objects by TACO's value (max - mean over the
    object's visible pixels; smaller = closer), vs. the scene's truth. Also the same
    accuracy for a no-model baseline: 'the object whose box reaches lower is closer'."""
    rng = np.random.default_rng(seed)
    model.eval()
    right = total = base_right = 0
    abs_err = []
    for _ in range(n_scenes):
        img, inv, objs, ids = scenes.make_scene(rng, 140, 112)
        pred = model(to_tensor(img)[None])[0].numpy()
        abs_err.append(np.abs(pred - inv).mean())
        taco = pred.max() - pred
        vis = [(k, o) for k, o in enumerate(objs) if (ids == k).sum() >= 30]
        for a in range(len(vis)):
            for b in range(a + 1, len(vis)):
                (ka, oa), (kb, ob) = vis[a], vis[b]
                if abs(oa["inverse_depth"] - ob["inverse_depth"]) < 0.05:
                    continue
                da, db = taco[ids == ka].mean(), taco[ids == kb].mean()
                truth_a_closer = oa["inverse_depth"] > ob["inverse_depth"]
                right += int((da < db) == truth_a_closer)
                base_right += int((oa["bbox"][3] > ob["bbox"][3]) == truth_a_closer)
                total += 1
    model.train()
    return {"pairs": total, "pair_accuracy": round(right / max(total, 1), 4),
            "baseline_lower_box_is_closer": round(base_right / max(total, 1), 4),
            "mean_abs_error": round(float(np.mean(abs_err)), 4)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--eval-only", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    os.makedirs(args.out, exist_ok=True)
    ckpt = os.path.join(args.out, "ckpt.pt")
    model = TinyDepth()
    init_random(model, 20261124)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.steps, pct_start=0.05)
    rng = np.random.default_rng(12345)
    step = 0
    if os.path.exists(ckpt):
        st = torch.load(ckpt)
        model.load_state_dict(st["model"])
        opt.load_state_dict(st["opt"])
        sched.load_state_dict(st["sched"])
        rng.bit_generator.state = st["rng"]
        step = st["step"]
        print(f"resumed at step {step}", flush=True)
    if args.eval_only:
        print(json.dumps(evaluate(model)), flush=True)
        return
    t0 = time.time()
    running = None
    while step < args.steps:
        x, y = batch(rng, args.batch)
        loss = loss_fn(model(x), y)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        sched.step()
        step += 1
        running = loss.item() if running is None else 0.98 * running + 0.02 * loss.item()
        if step % 100 == 0 or step == args.steps:
            torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                        "rng": rng.bit_generator.state, "step": step}, ckpt + ".tmp")
            os.replace(ckpt + ".tmp", ckpt)
            print(f"step {step} loss {running:.4f} lr {sched.get_last_lr()[0]:.2e} "
                  f"{time.time() - t0:.0f}s", flush=True)
        if step % 1000 == 0:
            print("eval", json.dumps(evaluate(model, 60)), flush=True)
    torch.save(model.state_dict(), os.path.join(args.out, "final.pt"))
    result = evaluate(model)
    with open(os.path.join(args.out, "eval.json"), "w") as f:
        json.dump(result, f)
    print("final", json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
