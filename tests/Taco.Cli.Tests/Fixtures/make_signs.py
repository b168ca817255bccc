"""Renders signs-b-d.png for the synth tests: two labelled signs standing on a ground plane,
D near the camera (lower, larger), B far (higher, smaller). Run with Debian's python3-pil."""
import os
from PIL import Image, ImageDraw, ImageFont

W, H = 480, 320
HORIZON = 120
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

img = Image.new("RGB", (W, H))
draw = ImageDraw.Draw(img)
for y in range(H):
    if y < HORIZON:
        t = y / HORIZON
        colour = (int(150 + 60 * t), int(190 + 40 * t), 235)
    else:
        d = (y - HORIZON) / (H - HORIZON)
        shade = 0.6 + 0.4 * d
        colour = (int(120 * shade), int(150 * shade), int(90 * shade))
    draw.line([(0, y), (W, y)], fill=colour)


def sign(cx, base, size, label):
    # a post and a white board whose bottom edge stands on the ground at `base`
    post_w = max(2, size // 10)
    draw.rectangle([cx - post_w // 2, base - size, cx + post_w // 2, base], fill=(90, 70, 50))
    board = [cx - size // 2, base - 2 * size, cx + size // 2, base - size]
    draw.rectangle(board, fill=(245, 245, 240), outline=(40, 40, 40), width=max(1, size // 25))
    font = ImageFont.truetype(FONT, int(size * 0.7))
    l, t, r, b = draw.textbbox((0, 0), label, font=font)
    draw.text((cx - (r - l) / 2 - l, base - 1.5 * size - (b - t) / 2 - t), label, fill=(20, 20, 20), font=font)


sign(110, 175, 64, "B")
sign(330, 300, 110, "D")
img.save(os.path.join(os.path.dirname(os.path.abspath(__file__)), "signs-b-d.png"))
