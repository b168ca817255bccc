"""[depth] 2–4 labelled signs or boxes standing on a ground plane at clearly different distances,
drawn the way models/recipes/tiny_depth/scenes.py draws the scenes the shipped depth model was
trained on (sky, a striped ground receding to a horizon, upright shapes; nearer ones stand lower
and larger). Each carries one big letter, which PP-OCR reads as its own region."""
import os
import sys

import numpy as np
from PIL import Image, ImageDraw

import fonts
import plans
import render
from plans import pick
from render import Scene, font

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tiny_depth"))
import scenes  # noqa: E402  (the depth model's own training backdrop)

# PP-OCR misses some single letters (L, J, V, Y, U) and confuses others (I, O, Q, G); these it reads alone
LETTERS = "ABCDEFHKMNPRSTXZ"
NOUNS = {"sign": ["sign", "sign", "board", "marker"], "box": ["box", "box", "crate", "block"]}
CLOSER_Q = ["Which {n} is closer to the camera, {a} or {b}?", "Which is nearer to the camera: {n} {a} or {n} {b}?",
            "Is {n} {a} or {n} {b} closer to the camera?", "Which of the {ns} {a} and {b} is closer?",
            "{a} or {b}: which {n} is nearer?", "Which {n} is closest to the viewer, {a} or {b}?",
            "Of {n} {a} and {n} {b}, which one is closer?", "Which is in front, {a} or {b}?",
            "Which one is nearer, {a} or {b}?", "Which {n} is nearer to us, {a} or {b}?",
            "Which {n} stands closer to the camera: {a} or {b}?", "Closer to the camera: {a} or {b}?"]
FARTHER_Q = ["Which {n} is farther from the camera, {a} or {b}?", "Which is further away: {n} {a} or {n} {b}?",
             "Is {n} {a} or {n} {b} farther from the camera?", "{a} or {b}: which {n} is more distant?",
             "Which of the {ns} {a} and {b} is farther away?"]


def ground(rng, W, H):
    horizon = int(H * rng.uniform(0.3, 0.5))
    img, _ = scenes.sky_and_ground(rng, W, H, horizon)
    return Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB"), horizon


def make(rng, condition):
    W, H = int(rng.integers(560, 720)), int(rng.integers(380, 480))
    img, horizon = ground(rng, W, H)
    sc = Scene(W, H, (0, 0, 0))
    sc.img, sc.draw = img, ImageDraw.Draw(img)
    n = int(pick(rng, [2, 3, 3, 4]))
    kind = pick(rng, ["sign", "box"])
    # distinct ground depths, at least 0.2 apart (inverse depth, 0 at the horizon, 1 at the bottom)
    while True:
        ds = sorted(rng.uniform(0.12, 0.95, n))
        if all(b - a >= 0.2 for a, b in zip(ds, ds[1:])) and ds[-1] - ds[0] >= 0.35:
            break
    rng.shuffle(ds)
    slots = rng.permutation(n)
    letters = [LETTERS[i] for i in rng.choice(len(LETTERS), size=n, replace=False)]
    objs = []
    for i, d in enumerate(ds):
        base = horizon + d * (H - horizon)
        h = H * (0.14 + 0.5 * d) * rng.uniform(0.85, 1.15)
        w = h * rng.uniform(0.7, 1.3)
        w = min(w, W / n * 0.9)
        cx = W / n * (slots[i] + 0.5) + rng.uniform(-0.08, 0.08) * W / n
        objs.append(dict(letter=letters[i], d=float(d), base=base, h=h, w=w, cx=cx))
    fp = fonts.pick(rng, "bold")
    for o in sorted(objs, key=lambda o: o["d"]):  # far first
        l, r, t, b = o["cx"] - o["w"] / 2, o["cx"] + o["w"] / 2, o["base"] - o["h"], o["base"]
        while True:  # a face clearly light or dark, so the letter has contrast
            face = render.rgb(rng.uniform(0, 255, 3))
            lum = 0.299 * face[0] + 0.587 * face[1] + 0.114 * face[2]
            if lum < 95 or lum > 165:
                break
        light = lum > 128
        ink = (15, 15, 15) if light else (250, 250, 250)
        if kind == "box":
            top_h = o["h"] * 0.12
            sc.draw.polygon([(l, t + top_h), (l + o["w"] * 0.1, t), (r + o["w"] * 0.1 if False else r, t), (r, t + top_h)],
                            fill=render.rgb([c * 0.8 for c in face]))
            sc.draw.rectangle([l, t + top_h, r, b], fill=face)
            face_t = t + top_h
        else:  # a board standing on the ground, like the depth model's training objects
            t = b - o["h"] * 0.75
            sc.draw.rectangle([l, t, r, b], fill=face, outline=ink, width=max(2, int(o["w"] * 0.03)))
            face_t = t
        size = min(b - face_t, r - l) * rng.uniform(0.55, 0.72)
        sc.text(((l + r) / 2, (face_t + b) / 2), o["letter"], font(fp, size), ink, anchor="mm", role="label",
                key=o["letter"], depth=2.0 / o["d"])
        o["bbox"] = [round(max(0, l) / W, 3), round(max(0, t) / H, 3), round(min(W, r) / W, 3), round(min(H, o["base"]) / H, 3)]
    ops = []
    if condition != "clean":
        img, ops = render.degrade_pixels(rng, sc.img, "degraded" if condition == "degraded" else "photo")
        sc.img = img
    while True:  # the two asked about are clearly apart
        i, j = [int(x) for x in rng.choice(n, size=2, replace=False)]
        a, b = objs[i], objs[j]
        if abs(a["d"] - b["d"]) >= 0.3:
            break
    noun = pick(rng, NOUNS[kind])
    plural = noun + ("es" if noun.endswith("x") else "s")
    farther = rng.random() < 0.25
    q = pick(rng, FARTHER_Q if farther else CLOSER_Q).format(n=noun, ns=plural, a=a["letter"], b=b["letter"])
    A, B = a["letter"], b["letter"]
    closer = A if a["d"] > b["d"] else B
    answer = (B if closer == A else A) if farther else closer
    verdict = "{closer:%s=2,%s=1}" % (A, B) if farther else "{closer:%s=1,%s=2}" % (A, B)
    plan = [plans.ocr(pick(rng, [f"I need to find {A} and {B}.", f"Find {noun}s {A} and {B}.", f"Locate {A} and {B}."]),
                      regions=[A, B]),
            plans.depth(f"Depth of {A}.", "{box:%s}" % A),
            plans.depth(f"Depth of {B}.", "{box:%s}" % B),
            plans.terminate("%s is at {obs[1].depth} and %s at {obs[2].depth}." % (A, B), verdict)]
    info = {"kind": kind, "horizon": round(horizon / H, 3), "farther": farther,
            "objects": [{"label": o["letter"], "bbox": o["bbox"], "inverse_depth": round(o["d"], 3),
                         "distance": round(2.0 / o["d"], 2)} for o in objs]}
    return dict(scene=sc, question=q, answer=answer, answer_type="exact", tolerance=None, plan=plan, info=info,
                finished=True, ops=ops)
