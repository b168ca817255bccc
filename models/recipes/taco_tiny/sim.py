"""Simulated taco-tiny conversations for the warm-up stage: the same texts, plans and
observation formats as `taco synth` traces, with observations written here instead of by
taco's tools (OCR regions with realistic layouts, reading orders and read errors), so the
copying circuit forms before the tool-verified traces take over. No images: the warm-up
feeds a blank picture. Deterministic for a seed.
"""
import random

from common import first_turn, observation, reply

GRADES = [["Regular", "Unleaded", "Regular Unleaded", "REG", "Unl"], ["Plus", "Midgrade", "Mid-Grade", "Special"],
          ["Premium", "Supreme", "Super", "V-Power", "Ultimate"], ["Diesel", "DIESEL", "Diesel #2"], ["E85", "E-85"],
          ["Kerosene"], ["LPG"]]
FOODS = ["Burger", "Cheeseburger", "Fries", "Coffee", "Tea", "Soup", "Salad", "Pizza", "Hot Dog", "Donut", "Muffin",
         "Bagel", "Sandwich", "Wrap", "Taco", "Nachos", "Juice", "Soda", "Water", "Latte", "Espresso", "Cookie",
         "Pie", "Cake", "Pancakes", "Waffle", "Omelette", "Toast", "Milkshake", "Smoothie", "Noodles", "Rice",
         "Chicken", "Steak", "Fish", "Pasta", "Lemonade", "Croissant", "Brownie", "Ice Cream", "Beer", "Wine"]
HEADERS = ["FUEL PRICES", "GAS", "Prices", "TODAY", "Self Serve", "CASH / CREDIT", "MENU", "Specials", "Cafe",
           "Daily Menu", "RECEIPT", "Store #214", "Thank you", "Grocery", "Market", "Diner"]
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def r2(x):
    return round(x + 1e-9, 2)


def money(rng, lo, hi):
    return rng.randint(int(lo * 100), int(hi * 100)) / 100


def fmt(v, comma=False):
    s = f"{v:.2f}"
    if comma:
        s = s.replace(".", ",")
    return s


def regions_repr(regions, text):
    parts = []
    for (l, t, r, b), s in regions:
        box = [round(l, 2), round(t, 2), round(r, 2), round(b, 2)]
        parts.append("{'bbox': [" + ", ".join(repr(float(x)) for x in box) + "], 'text': " + repr(s) + "}")
    return "{'regions': [" + ", ".join(parts) + "], 'text': " + repr(text) + "}"


def noisy(s, rng, p):
    """OCR-like read errors on letters (never on the digits the task needs: those traces
    would be dropped by synth's verification anyway)."""
    if rng.random() > p:
        return s
    subs = {"o": "0", "O": "0", "l": "1", "I": "l", "S": "5", "e": "c", "a": "o", "i": "l", "B": "8", "n": "m"}
    out = list(s)
    k = rng.randrange(len(out))
    if out[k] in subs:
        out[k] = subs[out[k]]
    elif rng.random() < 0.5 and len(out) > 3:
        del out[k]
    return "".join(out)


def board(rng, pairs, header=None, columns=False, suffix=None, comma=False, noise=0.1, joined_p=0.3):
    """OCR regions and text of a price board: one row per (label, value), label left, price right.
    Returns (regions, text). With columns=True the reading order goes down the labels, then the prices."""
    regions, lines = [], []
    y = rng.uniform(0.03, 0.12)
    if header:
        w = min(0.9, 0.06 * len(header) + 0.1)
        l = rng.uniform(0.05, 0.95 - w)
        regions.append(((l, y, l + w, y + 0.08), header))
        lines.append(header)
        y += rng.uniform(0.1, 0.14)
    step = min(0.16, (0.95 - y) / max(1, len(pairs)))
    lx, px = rng.uniform(0.03, 0.15), rng.uniform(0.55, 0.75)
    rows = []
    for label, value in pairs:
        price = fmt(value, comma)
        if suffix:
            price += suffix
        lab = noisy(label, rng, noise)
        h = step * rng.uniform(0.5, 0.75)
        lb = (lx + rng.uniform(-0.01, 0.01), y, lx + 0.04 * len(lab) + 0.05, y + h)
        pb = (px + rng.uniform(-0.01, 0.01), y + rng.uniform(-0.01, 0.01), px + 0.05 * len(price) + 0.05, y + h)
        rows.append((lab, price, lb, pb))
        y += step
    joined = rng.random() < joined_p
    if columns:
        for lab, _, lb, _ in rows:
            regions.append((lb, lab))
            lines.append(lab)
        for _, price, _, pb in rows:
            regions.append((pb, price))
            lines.append(price)
    else:
        for lab, price, lb, pb in rows:
            if joined:
                regions.append(((lb[0], lb[1], pb[2], pb[3]), lab + " " + price))
            else:
                regions.append((lb, lab))
                regions.append((pb, price))
            lines.append(lab + " " + price)
    clip = [((max(0.0, min(1.0, a)), max(0.0, min(1.0, b)), max(0.0, min(1.0, c)), max(0.0, min(1.0, d))), s)
            for (a, b, c, d), s in regions]
    return clip, "\n".join(lines)


def calc_repr(expr):
    v = eval(expr, {"__builtins__": {}})  # our own arithmetic on our own numbers, never model output
    return "{'result': " + repr(v) + "}", v


def calculate_plan(rng, what, regs, text, thought, expr, say):
    """OCR, then Calculate `expr` (shown with `thought`), then Terminate with the result rounded to
    cents (`say` formats the final thought). Returns (answer, steps)."""
    obs, v = calc_repr(expr)
    ans = f"{r2(v):.2f}"
    return ans, [(ocr_step(rng, what), regions_repr(regs, text)),
                 (reply(thought, "Calculate", {"expression": expr}), obs),
                 (reply(say(ans), "Terminate", {"answer": ans}), None)]


def ocr_step(rng, what):
    thoughts = [f"I need to read the {what} in the image.", f"I will read the {what} with OCR.",
                f"First I read the {what}.", f"Let me extract the {what} from the image."]
    return reply(rng.choice(thoughts), "OCR", {"image": "image-0"})


def fuel(rng):
    n = rng.randint(2, 4)
    groups = rng.sample(GRADES, n)
    labels = [rng.choice(g) for g in groups]
    base = money(rng, 2.2, 5.5)
    prices = sorted({r2(base + rng.randint(0, 120) / 100) for _ in range(n)})
    while len(prices) < n:
        prices.append(r2(prices[-1] + 0.1))
    rng.shuffle(prices)
    pairs = list(zip(labels, prices))
    suffix = rng.choice([None, None, " 9/10", "9", " 9"])
    regs, text = board(rng, pairs, rng.choice([None, "FUEL PRICES", "GAS", "Self Serve", "CASH / CREDIT"]),
                       columns=rng.random() < 0.15, suffix=suffix, comma=rng.random() < 0.05)
    kind = rng.choice(["diff", "diff", "gallons", "gallons", "price"])
    i, j = rng.sample(range(n), 2) if n > 1 else (0, 0)
    a, b = pairs[i], pairs[j]
    if kind == "diff" and a[1] != b[1]:
        hi, lo = (a, b) if a[1] > b[1] else (b, a)
        q = rng.choice([f"How much more is {hi[0]} than {lo[0]} per gallon?", f"What is the price difference between {hi[0]} and {lo[0]}?",
                        f"How much cheaper is {lo[0]} than {hi[0]}?", f"By how much does {hi[0]} cost more than {lo[0]}?"])
        ans, steps = calculate_plan(rng, "prices", regs, text, f"{hi[0]} costs {hi[1]:.2f} and {lo[0]} costs {lo[1]:.2f}.",
                                    f"{hi[1]:.2f} - {lo[1]:.2f}", lambda x: f"The difference is {x}.")
    elif kind == "gallons":
        budget = rng.choice([10, 20, 25, 30, 40, 50, 60, 75, 100])
        q = rng.choice([f"How many gallons of {a[0]} can I buy with ${budget}?", f"How many gallons of {a[0]} does ${budget} buy?",
                        f"With ${budget}, how many gallons of {a[0]} can I get?", f"I have ${budget}. How many gallons of {a[0]} is that?"])
        ans, steps = calculate_plan(rng, "prices", regs, text, f"{a[0]} costs {a[1]:.2f}, so I divide {budget} by it.",
                                    f"{budget} / {a[1]:.2f}", lambda x: f"That is about {x} gallons.")
    else:
        q = rng.choice([f"What is the price of {a[0]}?", f"How much does {a[0]} cost per gallon?", f"What does {a[0]} cost?",
                        f"What is the {a[0]} price?"])
        ans = f"{a[1]:.2f}"
        steps = [(ocr_step(rng, "prices"), regions_repr(regs, text)),
                 (reply(f"{a[0]} costs {ans}.", "Terminate", {"answer": ans}), None)]
    return "fuel", q, ans, steps


def receipt(rng):
    n = rng.randint(3, 5)
    foods = rng.sample(FOODS, n)
    prices = [money(rng, 0.5, 24.0) for _ in range(n)]
    pairs = list(zip(foods, prices))
    kind = rng.choice(["combo", "combo", "subtotal", "price", "sum"])
    comma = rng.random() < 0.1
    rows = list(pairs)
    if kind == "subtotal":
        sub = r2(sum(prices))
        tax = r2(sub * rng.choice([0.05, 0.06, 0.07, 0.08, 0.0825]))
        rows += [("Subtotal", sub), ("Tax", tax), ("Total", r2(sub + tax))]
    regs, text = board(rng, rows, rng.choice([None, "MENU", "RECEIPT", "Cafe", "Daily Menu", "Diner", "Store #214"]),
                       columns=rng.random() < 0.1, comma=comma)
    i, j = rng.sample(range(n), 2)
    a, b = pairs[i], pairs[j]
    if kind == "combo":
        k = rng.randint(2, 3)
        word = NUMBER_WORDS[k]
        q = rng.choice([f"What do a {a[0].lower()} and {word} {b[0].lower()}s cost?", f"How much for one {a[0]} and {k} {b[0]}?",
                        f"What is the cost of a {a[0].lower()} plus {word} {b[0].lower()}?"])
        ans, steps = calculate_plan(rng, "menu", regs, text, f"A {a[0].lower()} is {a[1]:.2f} and a {b[0].lower()} is {b[1]:.2f}.",
                                    f"{a[1]:.2f} + {k} * {b[1]:.2f}", lambda x: f"The total is {x}.")
    elif kind == "sum":
        q = rng.choice([f"How much do {a[0]} and {b[0]} cost together?", f"What is the total for {a[0]} and {b[0]}?"])
        ans, steps = calculate_plan(rng, "prices", regs, text, f"{a[0]} is {a[1]:.2f} and {b[0]} is {b[1]:.2f}.",
                                    f"{a[1]:.2f} + {b[1]:.2f}", lambda x: f"Together they cost {x}.")
    elif kind == "subtotal":
        sub = rows[n][1]
        q = rng.choice(["What is the total before tax?", "What is the subtotal?", "How much is the bill before tax?"])
        ans = f"{sub:.2f}"
        steps = [(ocr_step(rng, "receipt"), regions_repr(regs, text)),
                 (reply(f"The subtotal is {ans}.", "Terminate", {"answer": ans}), None)]
    else:
        q = rng.choice([f"How much is the {a[0].lower()}?", f"What does the {a[0]} cost?", f"What is the price of {a[0]}?"])
        ans = f"{a[1]:.2f}"
        steps = [(ocr_step(rng, "menu"), regions_repr(regs, text)),
                 (reply(f"The {a[0].lower()} costs {ans}.", "Terminate", {"answer": ans}), None)]
    return "receipt", q, ans, steps


def depth(rng):
    n = rng.randint(2, 4)
    labels = rng.sample("ABCDEFGH", n)
    regs, depths = [], {}
    for lab in labels:
        d = rng.uniform(0.05, 0.95)
        size = 0.25 * (1.1 - d)
        x = rng.uniform(0.02, 0.95 - size)
        y = 0.35 + 0.35 * (1 - d) * rng.uniform(0.8, 1.0)
        regs.append(((x, y - size, x + size * 0.8, y), lab))
        depths[lab] = d
    regs.sort(key=lambda r: (round(r[0][1], 1), r[0][0]))
    text = "\n".join(s for _, s in regs)
    a, b = rng.sample(labels, 2)
    q = rng.choice([f"Which sign is closer to the camera, {a} or {b}?", f"Which is nearer, sign {a} or sign {b}?",
                    f"Is {a} or {b} closer to the camera?", f"Which box is closer, {a} or {b}?"])
    box = {s: [round(v, 2) for v in bb] for bb, s in regs}
    da = round(abs(depths[a]) * rng.uniform(0.8, 1.2), 2)
    db = round(abs(depths[b]) * rng.uniform(0.8, 1.2), 2)
    if abs(da - db) < 0.05:
        return None
    ans = a if da < db else b
    steps = [(ocr_step(rng, "labels"), regions_repr(regs, text)),
             (reply(f"I measure the depth of {a}.", "EstimateRegionDepth", {"image": "image-0", "bbox": box[a]}), "{'depth': " + repr(da) + "}"),
             (reply(f"Now the depth of {b}.", "EstimateRegionDepth", {"image": "image-0", "bbox": box[b]}), "{'depth': " + repr(db) + "}"),
             (reply(f"{a} is at {da} and {b} at {db}; smaller is closer, so {ans}.", "Terminate", {"answer": ans}), None)]
    return "depth", q, ans, steps


def lookup(rng):
    """Pure look-up: names and values, a question naming one."""
    n = rng.randint(3, 6)
    names = rng.sample(FOODS + [g for gs in GRADES for g in gs], n)
    vals = [money(rng, 0.1, 99.0) if rng.random() < 0.8 else float(rng.randint(1, 500)) for _ in range(n)]
    pairs = list(zip(names, vals))
    regs, text = board(rng, pairs, rng.choice([None] + HEADERS), columns=rng.random() < 0.1)
    a = rng.choice(pairs)
    ans = f"{a[1]:.2f}"
    q = rng.choice([f"What is the value next to {a[0]}?", f"What number is listed for {a[0]}?", f"How much is {a[0]}?",
                    f"What is the price of {a[0]}?"])
    steps = [(ocr_step(rng, "text"), regions_repr(regs, text)),
             (reply(f"{a[0]} is {ans}.", "Terminate", {"answer": ans}), None)]
    return "lookup", q, ans, steps


FAMILIES = [(fuel, 3), (receipt, 3), (depth, 1), (lookup, 2)]


def conversation(seed):
    rng = random.Random(seed)
    while True:
        fn = rng.choices([f for f, _ in FAMILIES], [w for _, w in FAMILIES])[0]
        got = fn(rng)
        if got:
            break
    cat, q, ans, steps = got
    msgs = [{"role": "user", "text": first_turn(q)}]
    for rep, obs in steps:
        msgs.append({"role": "assistant", "text": rep})
        if obs is not None:
            msgs.append({"role": "user", "text": observation(obs)})
    return {"id": f"sim-{seed}", "category": cat, "question": q, "answer": ans, "messages": msgs, "images": []}


if __name__ == "__main__":
    import json
    import sys
    for s in range(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
        c = conversation(s)
        print(json.dumps(c, ensure_ascii=False))
