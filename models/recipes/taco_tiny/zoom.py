"""[zoom] A shelf with products whose names OCR reads, each above a small price tag it cannot
read at full size: the plan zooms on the tag (a box the model can place from the product's
OCR region: the tag spans the same columns, just below it) and reads it there."""
import numpy as np

import fonts
import plans
import render
from plans import money, pick
from render import Scene, bbox_fraction, fit_font, font

PRODUCTS = ["Oat Milk", "Coffee", "Rice", "Pasta", "Cereal", "Honey", "Olive Oil", "Tea", "Cookies", "Soup",
            "Jam", "Flour", "Sugar", "Salt", "Beans", "Crackers", "Juice", "Soap", "Shampoo", "Ketchup",
            "Mustard", "Noodles", "Granola", "Oats", "Cocoa", "Vinegar", "Peanuts", "Chips", "Candy", "Syrup",
            "Tuna", "Corn", "Peas", "Lentils", "Yogurt", "Butter", "Cheese", "Bread", "Milk", "Water"]
SIGNS = ["AISLE 4", "DAIRY", "PANTRY", "GROCERY", "BAKERY", "DRINKS", "AISLE 7", "BREAKFAST", "SNACKS",
         "FRESH MARKET", "CANNED GOODS", "HOUSEHOLD"]
QUESTIONS = ["How much is the {a}?", "What does the {a} cost?", "What is the price of the {a}?",
             "What price is on the {a} tag?", "How much does the {a} cost?", "What's the {a} price?",
             "Read the price tag under the {a}. How much is it?", "The {a} price tag says what?",
             "How much does the {a} sell for?", "What is the {a} priced at?", "Price of the {a}?"]


def make(rng, condition):
    # A large photo (longer side 1900–2400): PP-OCR shrinks it to 960 for its detector, where the
    # 10–12 px tag text is 4–6 px and goes unseen, while a zoomed tag is detected and then read from
    # the original pixels. Everything else is drawn S times the size of a 750 px scene.
    S = rng.uniform(2.8, 3.1)
    W, H = int(rng.integers(680, 770) * S), int(rng.integers(460, 540) * S)
    wall = render.rgb(rng.uniform(120, 235, 3))
    sc = Scene(W, H, wall)
    fp_sign = fonts.pick(rng, "bold")
    sign = pick(rng, SIGNS)
    sc.text((W / 2, 18 * S), sign, fit_font(sc.draw, fp_sign, int(rng.integers(30, 44) * S), sign, W * 0.6),
            render.rgb(rng.uniform(0, 80, 3)), anchor="mt", role="title")
    shelf_y = int(H * rng.uniform(0.66, 0.78))
    wood = render.rgb(rng.uniform(60, 170, 3) * np.array([1.0, 0.8, 0.6]))
    edge_h = int(rng.integers(26, 40) * S)
    sc.draw.rectangle([0, shelf_y, W, shelf_y + edge_h], fill=wood)
    sc.draw.rectangle([0, shelf_y + edge_h, W, H], fill=render.rgb([c * 0.55 for c in wood]))
    n = int(pick(rng, [1, 2, 2, 3, 3, 4]))
    names = [PRODUCTS[i] for i in rng.choice(len(PRODUCTS), size=n, replace=False)]
    fp_name = fonts.pick(rng, "bold", "sans")
    fp_tag = fonts.pick(rng, "bold", "sans")
    slot = W / n
    tag_size = int(rng.integers(10, 13))  # px
    currency = pick(rng, ["", "", "$", "€"])  # a tiny "$" often reads as "5" (53.94 for $3.94)
    items = []
    for i, name in enumerate(names):
        pw = min(slot * rng.uniform(0.5, 0.75), 200 * S)
        ph = (shelf_y - 90 * S) * rng.uniform(0.55, 0.9)
        cx = slot * (i + 0.5) + rng.uniform(-0.08, 0.08) * slot
        l, r, t = cx - pw / 2, cx + pw / 2, shelf_y - ph
        colour = render.rgb(rng.uniform(0, 255, 3))
        lum = 0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2]
        ink = (15, 15, 15) if lum > 128 else (250, 250, 250)
        if rng.random() < 0.5:
            sc.draw.rectangle([l, t, r, shelf_y], fill=colour)
        else:
            sc.draw.rounded_rectangle([l, t, r, shelf_y], radius=pw * 0.2, fill=colour)
        nf = fit_font(sc.draw, fp_name, int(rng.integers(18, 28) * S), name, pw * 0.85)
        name_box = sc.text((cx, t + ph * rng.uniform(0.3, 0.5)), name, nf, ink, anchor="mm", role="name", key=name)
        v = round(rng.uniform(0.79, 19.99), 2)
        if rng.random() < 0.5:
            v = round(int(v) + pick(rng, [0.49, 0.99, 0.29, 0.79, 0.59]), 2)
        text = currency + money(v) if currency != "€" else money(v) + " €"
        tf = font(fp_tag, tag_size)
        tw = sc.draw.textlength(text, font=tf)
        # the tag spans the product name's columns (at least the price's width), on the shelf edge
        tl = min(name_box[0], cx - tw / 2 - 4)
        tr = max(name_box[2], cx + tw / 2 + 4)
        tt = shelf_y + edge_h * 0.18
        tb = shelf_y + edge_h * 0.82
        sc.draw.rectangle([tl, tt, tr, tb], fill=pick(rng, [(255, 255, 255), (255, 240, 120), (250, 250, 240)]),
                          outline=pick(rng, [(200, 30, 30), (30, 30, 30), (40, 90, 200)]), width=2)
        sc.text((cx, (tt + tb) / 2), text, tf, pick(rng, [(20, 20, 20), (190, 20, 20)]), anchor="mm", role="price",
                key=name + ":price")
        items.append(dict(name=name, price=money(v), shown=text, tag=[tl, tt, tr, tb]))
    ops = []
    if condition != "clean":
        img, ops = render.degrade_pixels(rng, sc.img, "degraded" if condition == "degraded" else "photo",
                                         fine_print=True)
        sc.img = img
    k = int(rng.integers(n))
    it = items[k]
    qa = plans.lower_maybe(rng, it["name"], 0.6)
    q = pick(rng, QUESTIONS).format(a=qa)
    box = bbox_fraction(it["tag"], sc.size)
    plan = [plans.ocr(pick(rng, [f"I need the {it['name']} price tag.", "I need to read the shelf."]), text=[it["name"]]),
            plans.zoom(pick(rng, [f"The tag under {it['name']} is too small; zoom in.", "The tag is too small to read."]), box),
            plans.ocr("Read the zoomed tag.", numbers=[it["price"]], image="image-1"),
            plans.terminate(f"The {it['name']} costs {it['price']}.", it["price"])]
    info = {"tag_text_px": tag_size, "products": [{k2: v2 for k2, v2 in x.items() if k2 != "tag"} |
                                                  {"tag_bbox": bbox_fraction(x["tag"], sc.size, 3)} for x in items]}
    return dict(scene=sc, question=q, answer=it["price"], answer_type="numeric", tolerance=None, plan=plan, info=info,
                finished=True, ops=ops)
