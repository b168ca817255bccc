"""Synthetic scenes with known relative inverse depth, for training and checking the
tiny depth model: a sky, a ground plane receding to a horizon, and upright objects
standing on the ground. Nearer objects stand lower and are drawn larger, as in a
perspective photo. Target = inverse depth (0 for the sky, growing towards the
bottom of the image), which is what Depth-Anything predicts (larger = closer).
"""
import numpy as np
from PIL import Image, ImageDraw


def sky_and_ground(rng, width, height, horizon):
    """The backdrop: a sky gradient above `horizon`, a striped ground plane below it, noise.
    Returns (float32 RGB [H, W, 3], float32 inverse depth [H, W]: 0 for the sky)."""
    img = np.zeros((height, width, 3), dtype=np.float32)
    inv = np.zeros((height, width), dtype=np.float32)
    sky_top, sky_bottom = rng.uniform(120, 255, 3), rng.uniform(120, 255, 3)
    for y in range(horizon):
        t = y / max(horizon - 1, 1)
        img[y] = sky_top * (1 - t) + sky_bottom * t
    ground = rng.uniform(30, 200, 3)
    for y in range(horizon, height):
        # inverse depth of a ground plane seen from a camera at fixed height grows
        # linearly with the distance below the horizon
        d = (y - horizon + 0.5) / (height - horizon)
        inv[y] = d
        shade = 0.6 + 0.4 * d
        img[y] = ground * shade
    # ground texture: stripes whose spacing shrinks towards the horizon
    for y in range(horizon, height):
        d = inv[y, 0]
        if int(1.0 / max(d, 1e-3) * 3) % 2 == 0:
            img[y] *= 0.9
    img += rng.normal(0, 6, img.shape)
    return img, inv


def make_scene(rng, width, height, max_objects=4):
    """Returns (PIL RGB image, float32 inverse-depth map [H, W], objects, id map),
    objects a list of dicts with the normalized bbox [l, t, r, b] and the object's
    inverse depth; id map [H, W] int: index into objects of the visible object, -1
    for sky/ground."""
    horizon = int(height * rng.uniform(0.3, 0.55))
    img, inv = sky_and_ground(rng, width, height, horizon)
    n = rng.integers(1, max_objects + 1)
    objects = []
    for _ in range(n):
        base = rng.uniform(horizon + 0.08 * (height - horizon), height - 1)
        d = (base - horizon + 0.5) / (height - horizon)
        size = height * (0.12 + 0.55 * d) * rng.uniform(0.7, 1.3)
        aspect = rng.uniform(0.4, 1.6)
        w = size * aspect
        cx = rng.uniform(0.05, 0.95) * width
        objects.append(dict(base=base, d=float(d), h=size, w=w, cx=cx,
                            kind=int(rng.integers(0, 2)), color=rng.uniform(0, 255, 3)))
    objects.sort(key=lambda o: o["d"])  # painter's order: far first
    out_objects = []
    ids = np.full((height, width), -1, dtype=np.int32)
    for o in objects:
        l, r = o["cx"] - o["w"] / 2, o["cx"] + o["w"] / 2
        t, b = o["base"] - o["h"], o["base"]
        mask_img = Image.new("L", (width, height), 0)
        dr = ImageDraw.Draw(mask_img)
        if o["kind"] == 0:
            dr.rectangle([l, t, r, b], fill=255)
        else:
            dr.ellipse([l, t, r, b], fill=255)
        m = np.asarray(mask_img) > 127
        if not m.any():
            continue
        ys = np.arange(height)[:, None].repeat(width, 1)
        shade = 0.75 + 0.25 * (ys - t) / max(o["h"], 1)
        img[m] = (o["color"][None, :] * shade[m][:, None])
        inv[m] = o["d"]
        ids[m] = len(out_objects)
        bbox = [max(l, 0) / width, max(t, 0) / height, min(r, width) / width, min(b, height) / height]
        out_objects.append(dict(bbox=[round(v, 4) for v in bbox], inverse_depth=round(o["d"], 4)))
    img = np.clip(img, 0, 255).astype(np.uint8)
    return Image.fromarray(img, "RGB"), inv, out_objects, ids
