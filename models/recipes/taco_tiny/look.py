"""[look] Questions answered by looking alone — the colour of the big shape, what shape it is,
how many circles (1–5) — where the right plan calls no tool: one Terminate step."""
import numpy as np

import plans
import render
from plans import pick
from render import Scene

COLOURS = {"red": (220, 30, 30), "green": (30, 160, 50), "blue": (30, 70, 220), "yellow": (245, 210, 20),
           "orange": (245, 130, 20), "purple": (130, 40, 170), "black": (15, 15, 15), "white": (250, 250, 250),
           "pink": (245, 120, 180), "brown": (120, 70, 30), "gray": (128, 128, 128)}
SHAPES = ["circle", "square", "triangle", "star"]
COLOUR_Q = ["What colour is the big shape?", "What color is the large shape?", "What is the colour of the big {s}?",
            "Which colour is the largest shape?", "What color is the big {s} in the picture?",
            "Tell me the colour of the big shape.", "What colour is the {s}?",
            "What colour is the biggest shape?", "Which color is the big {s}?", "What color is the largest object?"]
SHAPE_Q = ["What shape is the big {c} object?", "What is the big shape?", "Which shape is the largest one?",
           "What kind of shape is the big one?", "Is the big shape a circle, square, triangle or star?"]
COUNT_Q = ["How many {ss} are there?", "How many {ss} do you see?", "Count the {ss}.", "How many {ss} are in the image?",
           "What is the number of {ss}?", "How many {ss} can you count?",
           "Count the {ss} in the picture.", "How many {ss} are shown?", "Number of {ss}?"]
PLURAL = {"circle": "circles", "square": "squares", "triangle": "triangles", "star": "stars"}


def draw_shape(draw, shape, cx, cy, r, fill, outline=None):
    if shape == "circle":
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=fill, outline=outline, width=2)
    elif shape == "square":
        draw.rectangle([cx - r * 0.9, cy - r * 0.9, cx + r * 0.9, cy + r * 0.9], fill=fill, outline=outline, width=2)
    elif shape == "triangle":
        draw.polygon([(cx, cy - r), (cx + r * 0.95, cy + r * 0.75), (cx - r * 0.95, cy + r * 0.75)], fill=fill,
                     outline=outline)
    else:
        pts = []
        for i in range(10):
            a = -np.pi / 2 + i * np.pi / 5
            rr = r if i % 2 == 0 else r * 0.45
            pts.append((cx + rr * np.cos(a), cy + rr * np.sin(a)))
        draw.polygon(pts, fill=fill, outline=outline)


def background(rng, W, H, avoid):
    while True:
        bg = render.rgb(rng.uniform(0, 255, 3))
        if all(sum(abs(a - b) for a, b in zip(bg, c)) > 160 for c in avoid):
            return bg


def place(rng, W, H, r, placed):
    for _ in range(200):
        cx, cy = rng.uniform(r + 4, W - r - 4), rng.uniform(r + 4, H - r - 4)
        if all((cx - x) ** 2 + (cy - y) ** 2 > (r + rr + 6) ** 2 for x, y, rr in placed):
            placed.append((cx, cy, r))
            return cx, cy
    return None


def make(rng, condition):
    W, H = int(rng.integers(480, 680)), int(rng.integers(360, 480))
    kind = pick(rng, ["colour", "colour", "shape", "count", "count", "count"])
    names = list(COLOURS)
    placed = []
    objects = []
    if kind in ("colour", "shape"):
        cname = pick(rng, names)
        shape = pick(rng, SHAPES)
        bg = background(rng, W, H, [COLOURS[cname]])
        sc = Scene(W, H, bg)
        big_r = min(W, H) * rng.uniform(0.22, 0.32)
        cx, cy = place(rng, W, H, big_r, placed)
        draw_shape(sc.draw, shape, cx, cy, big_r, COLOURS[cname])
        objects.append(dict(shape=shape, colour=cname, centre=[round(cx / W, 3), round(cy / H, 3)], size="big"))
        for _ in range(int(rng.integers(0, 5))):
            r = big_r * rng.uniform(0.12, 0.3)
            p = place(rng, W, H, r, placed)
            if p is None:
                break
            c2 = pick(rng, [c for c in names if c != cname])
            s2 = pick(rng, SHAPES)
            draw_shape(sc.draw, s2, p[0], p[1], r, COLOURS[c2])
            objects.append(dict(shape=s2, colour=c2, centre=[round(p[0] / W, 3), round(p[1] / H, 3)], size="small"))
        if kind == "colour":
            q = pick(rng, COLOUR_Q).format(s=shape)
            answer = cname
            thought = pick(rng, [f"The big shape is {cname}.", f"It is {cname}."])
        else:
            q = pick(rng, SHAPE_Q).format(c=cname)
            answer = shape
            thought = pick(rng, [f"The big shape is a {shape}.", f"It is a {shape}."])
        answer_type = "exact"
    else:
        shape = pick(rng, SHAPES)
        count = int(rng.integers(1, 6))
        same = rng.random() < 0.5
        cname = pick(rng, names)
        bg = background(rng, W, H, [COLOURS[cname]] if same else [])
        sc = Scene(W, H, bg)
        r0 = min(W, H) * rng.uniform(0.06, 0.11)
        for _ in range(count):
            c = cname if same else pick(rng, names)
            if not same and sum(abs(a - b) for a, b in zip(COLOURS[c], bg)) < 160:
                c = "black" if sum(bg) > 380 else "white"
            r = r0 * rng.uniform(0.8, 1.25)
            p = place(rng, W, H, r, placed)
            draw_shape(sc.draw, shape, p[0], p[1], r, COLOURS[c])
            objects.append(dict(shape=shape, colour=c, centre=[round(p[0] / W, 3), round(p[1] / H, 3)], size="small"))
        for _ in range(int(rng.integers(0, 4))):  # other shapes, not to be counted
            s2 = pick(rng, [s for s in SHAPES if s != shape])
            r = r0 * rng.uniform(0.8, 1.25)
            p = place(rng, W, H, r, placed)
            if p is None:
                break
            c2 = pick(rng, [c for c in names if sum(abs(a - b) for a, b in zip(COLOURS[c], bg)) > 160] or ["black"])
            draw_shape(sc.draw, s2, p[0], p[1], r, COLOURS[c2])
            objects.append(dict(shape=s2, colour=c2, centre=[round(p[0] / W, 3), round(p[1] / H, 3)], size="small"))
        q = pick(rng, COUNT_Q).format(ss=PLURAL[shape])
        answer = str(count)
        thought = pick(rng, [f"I count {count} {PLURAL[shape] if count != 1 else shape}.", f"There are {count}."])
        answer_type = "numeric"
    ops = []
    if condition != "clean":
        img, ops = render.degrade_pixels(rng, sc.img, "degraded" if condition == "degraded" else "photo",
                                         keep_colour=True)
        sc.img = img
    plan = [plans.terminate(thought, answer)]
    info = {"kind": kind, "objects": objects}
    return dict(scene=sc, question=q, answer=answer, answer_type=answer_type, tolerance=None, plan=plan, info=info,
                finished=True, ops=ops)
