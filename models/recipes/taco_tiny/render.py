"""Drawing with dense annotations, and the image conditions (clean, degraded, photo-like).

A Scene is a PIL canvas that records every text it draws: the string, its pixel box and its
depth (the camera distance of the surface it is printed on, in arbitrary metres). Conditions
move the pixels (perspective, placement in a larger photo) and move the boxes with them, so the
annotations always describe the final image.
"""
import io

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

_font_cache = {}


def font(path, size):
    key = (path, int(size))
    f = _font_cache.get(key)
    if f is None:
        f = _font_cache[key] = ImageFont.truetype(path, max(int(size), 4))
    return f


def fit_font(draw, path, size, text, max_width, min_size=8):
    """The font of the given path at `size` or smaller so that `text` fits `max_width`."""
    size = int(size)
    while size > min_size and draw.textlength(text, font=font(path, size)) > max_width:
        size -= 1
    return font(path, size)


def rgb(c):
    return tuple(int(max(0, min(255, v))) for v in c)


class Scene:
    def __init__(self, width, height, bg):
        self.img = Image.new("RGB", (int(width), int(height)), rgb(bg))
        self.draw = ImageDraw.Draw(self.img)
        self.texts = []  # dicts: text, box (pixels l, t, r, b), depth, role, key

    @property
    def size(self):
        return self.img.size

    def text(self, xy, s, fnt, fill, anchor="la", role=None, key=None, depth=1.0, record=True):
        self.draw.text(xy, s, font=fnt, fill=rgb(fill), anchor=anchor)
        box = self.draw.textbbox(xy, s, font=fnt, anchor=anchor)
        if record:
            self.texts.append(dict(text=s, box=list(box), depth=depth, role=role, key=key))
        return box

    def crop_height(self, height):
        """Cuts the canvas to `height` rows (texts below it must not exist)."""
        self.img = self.img.crop((0, 0, self.img.size[0], min(int(height), self.img.size[1])))
        self.draw = ImageDraw.Draw(self.img)

    def find(self, key):
        return [t for t in self.texts if t["key"] == key]

    def annotations(self):
        w, h = self.img.size
        out = []
        for t in self.texts:
            l, tp, r, b = t["box"]
            out.append({"text": t["text"], "bbox": [round(max(0.0, l / w), 3), round(max(0.0, tp / h), 3),
                                                     round(min(1.0, r / w), 3), round(min(1.0, b / h), 3)],
                        "depth": round(float(t["depth"]), 2), "role": t["role"], "key": t["key"]})
        return out


def bbox_fraction(box, size, digits=2, pad=0.0):
    """A pixel box as [l, t, r, b] fractions rounded to `digits`, grown by `pad` of its size per side."""
    w, h = size
    l, t, r, b = box
    pw, ph = (r - l) * pad, (b - t) * pad
    return [round(min(max((l - pw) / w, 0.0), 1.0), digits), round(min(max((t - ph) / h, 0.0), 1.0), digits),
            round(min(max((r + pw) / w, 0.0), 1.0), digits), round(min(max((b + ph) / h, 0.0), 1.0), digits)]


# ---- geometry ---------------------------------------------------------------

def homography(src, dst):
    a, bvec = [], []
    for (x, y), (u, v) in zip(src, dst):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        bvec += [u, v]
    return np.linalg.solve(np.array(a, dtype=float), np.array(bvec, dtype=float))


def apply_h(h, x, y):
    d = h[6] * x + h[7] * y + 1
    return (h[0] * x + h[1] * y + h[2]) / d, (h[3] * x + h[4] * y + h[5]) / d


def warp(scene, out_size, dst_quad, fill):
    """Maps the whole scene onto quadrilateral dst_quad (tl, tr, br, bl) of a new image of
    out_size filled with `fill` (an RGB tuple or a PIL image of out_size); boxes follow."""
    w, h = scene.img.size
    src = [(0, 0), (w, 0), (w, h), (0, h)]
    back = homography(dst_quad, src)
    fwd = homography(src, dst_quad)
    warped = scene.img.transform(out_size, Image.PERSPECTIVE, tuple(back), Image.BICUBIC)
    mask = Image.new("L", (w, h), 255).transform(out_size, Image.PERSPECTIVE, tuple(back), Image.BILINEAR)
    base = fill.copy() if isinstance(fill, Image.Image) else Image.new("RGB", out_size, rgb(fill))
    base.paste(warped, (0, 0), mask)
    for t in scene.texts:
        l, tp, r, b = t["box"]
        pts = [apply_h(fwd, x, y) for x, y in ((l, tp), (r, tp), (r, b), (l, b))]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        t["box"] = [min(xs), min(ys), max(xs), max(ys)]
    scene.img = base
    scene.draw = ImageDraw.Draw(base)
    return scene


def jitter_quad(rng, w, h, amount, shift=(0.0, 0.0), scale=1.0):
    """A quadrilateral near the rectangle (0, 0, w, h) scaled about its centre, corners moved
    by up to `amount` of the size: a mild perspective."""
    cx, cy = w / 2 + shift[0] * w, h / 2 + shift[1] * h
    quad = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        x = cx + sx * w / 2 * scale + rng.uniform(-amount, amount) * w
        y = cy + sy * h / 2 * scale + rng.uniform(-amount, amount) * h
        quad.append((x, y))
    return quad


# ---- backgrounds for photo-like placement ------------------------------------

def photo_background(rng, size):
    """A plausible surround: sky over a wall, a wall of bricks or a plain gradient, with noise."""
    w, h = size
    kind = rng.choice(["sky", "wall", "gradient", "bricks"])
    arr = np.zeros((h, w, 3), dtype=np.float32)
    if kind == "sky":
        top, bottom = rng.uniform(110, 230, 3), rng.uniform(150, 250, 3)
        horizon = int(h * rng.uniform(0.5, 0.8))
        for y in range(h):
            t = y / max(h - 1, 1)
            arr[y] = top * (1 - t) + bottom * t
        arr[horizon:] = rng.uniform(40, 140, 3)
    elif kind == "bricks":
        mortar, brick = rng.uniform(150, 200, 3), rng.uniform(80, 170, 3) * np.array([1.0, 0.6, 0.5])
        arr[:] = mortar
        bh = int(rng.integers(14, 26))
        bw = bh * 3
        for row, y in enumerate(range(0, h, bh)):
            off = (row % 2) * bw // 2
            for x in range(-off, w, bw):
                shade = rng.uniform(0.8, 1.15)
                arr[y + 2:y + bh, max(x + 2, 0):max(x + bw, 0)] = brick * shade
    else:
        c1, c2 = rng.uniform(30, 220, 3), rng.uniform(30, 220, 3)
        for x in range(w):
            t = x / max(w - 1, 1)
            arr[:, x] = c1 * (1 - t) + c2 * t
    arr += rng.normal(0, 5, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


# ---- pixel degradations -------------------------------------------------------

def lighting(rng, img, strength):
    """A smooth brightness ramp across the image (uneven light)."""
    w, h = img.size
    arr = np.asarray(img).astype(np.float32)
    ang = rng.uniform(0, 2 * np.pi)
    xs = np.linspace(-1, 1, w)[None, :] * np.cos(ang) + np.linspace(-1, 1, h)[:, None] * np.sin(ang)
    gain = 1 + strength * xs
    arr *= gain[:, :, None]
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def glare(rng, img, strength):
    """A soft bright blob, as from a lamp or the sun on a glossy sign."""
    w, h = img.size
    arr = np.asarray(img).astype(np.float32)
    cx, cy = rng.uniform(0.1, 0.9) * w, rng.uniform(0.1, 0.9) * h
    r = rng.uniform(0.1, 0.3) * max(w, h)
    yy, xx = np.mgrid[0:h, 0:w]
    blob = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r)) * strength * 255
    arr += blob[:, :, None]
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def noise(rng, img, sigma):
    arr = np.asarray(img).astype(np.float32)
    arr += rng.normal(0, sigma, arr.shape[:2])[:, :, None] + rng.normal(0, sigma / 3, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def jpeg(img, quality):
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=int(quality))
    out = Image.open(io.BytesIO(buf.getvalue()))
    out.load()
    return out.convert("RGB")


def degrade_pixels(rng, img, level, ops=None, keep_colour=False, fine_print=False):
    """level 'degraded': one or two mild effects; 'photo': uneven light, maybe glare, blur,
    sensor noise (JPEG quality is chosen when the file is written). keep_colour: only effects
    that leave a shape's colour name unchanged (blur, noise, downscale). fine_print: text only a few
    pixels tall must stay legible when enlarged (no downscaling, light blur). Returns (image, ops)."""
    ops = [] if ops is None else ops
    if level == "clean":
        return img, ops
    if keep_colour:
        picked = ["blur", "noise"] if level == "photo" else \
            [["blur", "noise", "downscale"][int(rng.integers(3))]]
    elif level == "degraded":
        choices = ["blur", "noise", "lowcontrast", "downscale", "lighting"]
        picked = [choices[i] for i in rng.choice(len(choices), size=int(rng.integers(1, 3)), replace=False)]
    else:
        picked = ["lighting", "blur", "noise"] + (["glare"] if rng.random() < 0.5 else []) + \
                 (["downscale"] if rng.random() < 0.3 else [])
    if fine_print:
        picked = [p for p in picked if p not in ("downscale", "lowcontrast")] or ["noise"]
    if "lighting" in picked:
        s = rng.uniform(0.15, 0.35)
        img = lighting(rng, img, s)
        ops.append(f"lighting{s:.2f}")
    if "glare" in picked:
        s = rng.uniform(0.25, 0.55)
        img = glare(rng, img, s)
        ops.append(f"glare{s:.2f}")
    if "lowcontrast" in picked:
        k = rng.uniform(0.3, 0.5)
        img = Image.blend(img, Image.new("RGB", img.size, (128, 128, 128)), k)
        ops.append(f"lowcontrast{k:.2f}")
    if "downscale" in picked:
        f = rng.uniform(0.6, 0.8)
        w, h = img.size
        img = img.resize((int(w * f), int(h * f)), Image.BILINEAR).resize((w, h), Image.BILINEAR)
        ops.append(f"downscale{f:.2f}")
    if "blur" in picked:
        r = rng.uniform(0.5, 1.2) if level == "degraded" else rng.uniform(0.4, 1.0)
        if fine_print:
            r = min(r, 0.6)
        img = img.filter(ImageFilter.GaussianBlur(r))
        ops.append(f"blur{r:.1f}")
    if "noise" in picked:
        s = rng.uniform(4, 12) if level == "degraded" else rng.uniform(3, 9)
        img = noise(rng, img, s)
        ops.append(f"noise{s:.0f}")
    return img, ops


def photo_place(rng, scene, out_w, out_h, fill_min=0.7, fill_max=0.95, tilt=0.05):
    """Puts the scene, in perspective, into a photo-like surround of out_w × out_h."""
    w, h = scene.size
    s = rng.uniform(fill_min, fill_max) * min(out_w / w, out_h / h)
    cw, ch = w * s, h * s
    cx = out_w / 2 + rng.uniform(-0.5, 0.5) * (out_w - cw)
    cy = out_h / 2 + rng.uniform(-0.5, 0.5) * (out_h - ch)
    quad = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        quad.append((cx + sx * cw / 2 + rng.uniform(-tilt, tilt) * cw,
                     cy + sy * ch / 2 + rng.uniform(-tilt, tilt) * ch))
    # a turn of the sign: one vertical side shorter than the other
    turn = rng.uniform(-0.06, 0.06) * ch
    quad[1] = (quad[1][0], quad[1][1] + turn)
    quad[2] = (quad[2][0], quad[2][1] - turn)
    return warp(scene, (out_w, out_h), quad, photo_background(rng, (out_w, out_h)))


def save(img, path_base, condition, rng, noisy_clean=False, min_quality=35):
    """Writes a PNG (clean scenes without noise) or a JPEG: quality 80–95 for degraded scenes and
    for clean ones with noise drawn in (`noisy_clean`: sensor noise does not compress losslessly),
    min_quality–85 for photo-like ones. Returns (file, JPEG quality or None)."""
    if condition == "clean" and not noisy_clean:
        path = path_base + ".png"
        img.save(path, "PNG", compress_level=6)
        return path, None
    q = int(rng.integers(min_quality, 86)) if condition == "photo" else int(rng.integers(80, 96))
    path = path_base + ".jpg"
    img.save(path, "JPEG", quality=q)
    return path, q
