"""[fuel] Fuel signs and price boards: 3–5 grades with prices, in rows or columns, plain,
panelled or LED styles, with or without a dollar sign or the 9/10 superscript."""
import fonts
import plans
from plans import money, pick
from render import Scene, fit_font, font

TIER = {
    "regular": ["Regular", "Unleaded", "Regular", "Unleaded", "Regular Unleaded", "Unleaded 87", "Economy"],
    "mid": ["Plus", "Midgrade", "Mid-Grade", "Special", "Unleaded Plus", "Super"],
    "premium": ["Premium", "Supreme", "Premium", "Super Premium", "Ultra", "Premium 93"],
    "diesel": ["Diesel", "Diesel", "Diesel #2", "Truck Diesel"],
    "e85": ["E85", "E85 Flex", "E15"],
    "kerosene": ["Kerosene"],
}
TITLES = ["GAS", "FUEL", "FUEL PRICES", "GAS PRICES", "SELF SERVE", "Metro Gas", "FuelStop", "Eagle Fuel",
          "Quick Stop", "Sun Valley", "Express Fuel", "Pump & Go", "CASH PRICES", "Corner Gas", "Prairie Oil"]
# (board background, name text, price panel background, price text)
PLAIN = [((250, 250, 245), (20, 20, 20), None, (20, 20, 20)),
         ((20, 60, 140), (255, 255, 255), (255, 255, 255), (20, 20, 20)),
         ((180, 25, 25), (255, 255, 255), (250, 250, 240), (180, 20, 20)),
         ((0, 100, 60), (255, 255, 255), (20, 20, 20), (255, 210, 0)),
         ((240, 200, 20), (20, 20, 20), (255, 255, 255), (20, 20, 20)),
         ((40, 40, 45), (240, 240, 240), None, (255, 255, 255)),
         ((255, 255, 255), (0, 60, 150), (0, 60, 150), (255, 255, 255))]
LED_COLOURS = [(255, 40, 30), (60, 255, 80), (255, 170, 20), (255, 255, 255), (80, 200, 255)]


def prices(rng, tiers):
    base = rng.uniform(2.59, 4.99)
    out, used = {}, set()
    for t in tiers:
        v = {"regular": base, "mid": base + rng.uniform(0.15, 0.5), "premium": base + rng.uniform(0.55, 1.2),
             "diesel": base + rng.uniform(-0.3, 1.1), "e85": base - rng.uniform(0.3, 0.9),
             "kerosene": base + rng.uniform(0.6, 1.6)}[t]
        v = round(v, 2)
        if rng.random() < 0.65:
            v = int(v * 10) / 10 + 0.09
        v = round(max(v, 1.09), 2)
        while money(v) in used:
            v = round(v + 0.1, 2)
        used.add(money(v))
        out[t] = v
    return out


def make_sign(rng, condition):
    tiers = ["regular"]
    if rng.random() < 0.7:
        tiers.append("mid")
    tiers.append("premium")
    if rng.random() < 0.75:
        tiers.append("diesel")
    if rng.random() < 0.3:
        tiers.append("e85")
    if len(tiers) < 5 and rng.random() < 0.05:
        tiers.append("kerosene")
    if len(tiers) < 3:
        tiers.append("diesel")
    names = {t: pick(rng, TIER[t]) for t in tiers}
    if len(set(n.split()[0] for n in names.values())) < len(names):  # "Super" and "Super Premium"
        names["mid"] = "Plus" if "mid" in names else None
        names = {k: v for k, v in names.items() if v}
    value = prices(rng, tiers)
    style = pick(rng, ["plain", "plain", "panel", "led"])
    layout = pick(rng, ["rows", "rows", "rows", "columns"]) if len(tiers) <= 5 else "rows"
    fmt = pick(rng, ["plain", "plain", "dollar", "sup9", "sup9", "frac"])
    grades = [(names[t], value[t]) for t in tiers]

    if style == "led":
        board, name_col, panel, price_col = (15, 15, 18), (235, 235, 235), (0, 0, 0), pick(rng, LED_COLOURS)
    else:
        board, name_col, panel, price_col = pick(rng, PLAIN)
        if style == "plain":
            panel, price_col = None, name_col
    name_font_path = fonts.pick(rng, "bold", "sans", "bold")
    price_font_path = fonts.pick(rng, "led") if style == "led" and rng.random() < 0.6 else \
        fonts.pick(rng, "bold", "bold", "sans", "mono")
    title = pick(rng, TITLES) if rng.random() < 0.6 else None
    if "DSEG" in price_font_path and fmt == "dollar":  # seven-segment faces have no dollar sign
        fmt = "plain"

    n = len(grades)
    if layout == "rows":
        W = int(rng.integers(480, 640))
        row_h = int(rng.integers(62, 96))
        top = int(row_h * 1.1) if title else int(rng.integers(18, 40))
        H = top + n * row_h + int(rng.integers(18, 40))
    else:
        W = int(rng.integers(600, 800))
        col_w = W / n
        top = 70 if title else 20
        H = top + int(rng.integers(200, 300))
    sc = Scene(W, H, board)
    if style != "plain" or rng.random() < 0.5:
        sc.draw.rectangle([4, 4, W - 5, H - 5], outline=name_col, width=int(rng.integers(2, 6)))
    if title:
        tf = fit_font(sc.draw, name_font_path, int(rng.integers(30, 46)), title, W - 60)
        sc.text((W / 2, top * 0.5 if layout == "rows" else 38), title, tf, name_col, anchor="mm", role="title")

    def draw_price(x, y, p, size, anchor_right):
        """Draws one price with its format; (x, y) is the right (or centre) middle of it."""
        main = money(p)
        if fmt == "dollar":
            main = "$" + main
        pf = font(price_font_path, size)
        if fmt == "sup9":
            sup = font(price_font_path, int(size * 0.45))
            sw = sc.draw.textlength("9", font=sup)
            mw = sc.draw.textlength(main, font=pf)
            x0 = x - sw - 2 - mw if anchor_right else x - (mw + sw) / 2
            box = sc.text((x0, y), main, pf, price_col, anchor="lm", role="price", key=None)
            sc.text((box[2] + 2, box[1]), "9", sup, price_col, anchor="lt", role="fraction")
            return box
        if fmt == "frac":
            fr = font(price_font_path if style != "led" else name_font_path, int(size * 0.32))
            fw = sc.draw.textlength("9/10", font=fr)
            mw = sc.draw.textlength(main, font=pf)
            x0 = x - fw - 4 - mw if anchor_right else x - (mw + fw + 4) / 2
            box = sc.text((x0, y), main, pf, price_col, anchor="lm", role="price")
            sc.text((box[2] + 4, box[1]), "9/10", fr, price_col, anchor="lt", role="fraction")
            return box
        return sc.text((x, y), main, pf, price_col, anchor="rm" if anchor_right else "mm", role="price")

    for i, (name, p) in enumerate(grades):
        if layout == "rows":
            y = top + i * row_h + row_h / 2
            size = int(row_h * rng.uniform(0.5, 0.62)) if i == 0 else size
            pw = W * 0.42
            if panel is not None:
                sc.draw.rectangle([W - 24 - pw, y - row_h * 0.42, W - 24, y + row_h * 0.42], fill=panel)
            nf = fit_font(sc.draw, name_font_path, int(row_h * 0.42), name, W - pw - 60)
            sc.text((28, y), name, nf, name_col, anchor="lm", role="name", key=name)
            pf_size = size
            while sc.draw.textlength(money(p) + "$9", font=font(price_font_path, pf_size)) > pw - 16:
                pf_size -= 2
            box = draw_price(W - 36, y, p, pf_size, True)
        else:
            cx = col_w * (i + 0.5)
            nf = fit_font(sc.draw, name_font_path, 30, name, col_w - 16)
            sc.text((cx, top + 30), name, nf, name_col, anchor="mm", role="name", key=name)
            py = top + 30 + (H - top - 30) / 2
            if panel is not None:
                sc.draw.rectangle([cx - col_w * 0.45, py - 40, cx + col_w * 0.45, py + 40], fill=panel)
            pf_size = 56
            while sc.draw.textlength(money(p) + "$9", font=font(price_font_path, pf_size)) > col_w * 0.85:
                pf_size -= 2
            box = draw_price(cx, py, p, pf_size, False)
        sc.texts[-1 if fmt not in ("sup9", "frac") else -2]["key"] = name + ":price"
    info = {"style": style, "layout": layout, "format": fmt, "title": title,
            "grades": [{"name": nm, "price": money(p)} for nm, p in grades]}
    return sc, grades, info


DIFF_Q = ["How much more is {a} than {b} per gallon?", "How much more does {a} cost than {b}?",
          "What is the price difference between {a} and {b}?", "How much cheaper is {b} than {a}?",
          "By how much does {a} cost more than {b} per gallon?", "What's the difference in price between {a} and {b}?",
          "How much extra per gallon is {a} compared to {b}?", "{a} vs {b}: how much more per gallon?",
          "How many dollars more is a gallon of {a} than a gallon of {b}?",
          "What is the gap between the {a} and {b} prices?",
          "Compared with {b}, how much more expensive is {a}?",
          "How much would I save per gallon buying {b} instead of {a}?",
          "What's the price gap between {a} and {b}?", "How much higher is the {a} price than the {b} price?",
          "Difference between {a} and {b} per gallon?", "How much less does {b} cost than {a}?"]
GALLON_Q = ["How many gallons of {a} can I buy with ${m}?", "With ${m}, how many gallons of {a} do I get?",
            "If I spend ${m} on {a}, how many gallons is that?", "How much {a} can ${m} buy, in gallons?",
            "I have ${m}. How many gallons of {a} can I get?", "How many gallons of {a} does ${m} buy?",
            "${m} of {a} is how many gallons?", "How many gallons will ${m} get me at the {a} price?",
            "How many gallons of {a} would ${m} get?", "With a ${m} budget, how many gallons of {a} can I pump?",
            "How many gallons of {a} can you buy for ${m}?"]
COST_Q = ["How much do {k} gallons of {a} cost?", "What would {k} gallons of {a} cost?",
          "How much is it to buy {k} gallons of {a}?", "What is the cost of {k} gallons of {a}?",
          "I need {k} gallons of {a}. How much will that be?", "What do {k} gallons of {a} cost in total?",
          "How much for {k} gallons of {a}?", "What will {k} gallons of {a} cost me?"]
PRICE_Q = ["What is the price of {a}?", "How much is {a} per gallon?", "What does {a} cost?", "What is the {a} price?",
           "How much does a gallon of {a} cost?", "What's {a} going for?", "Price of {a}?", "How much is {a}?",
           "What is the price per gallon for {a}?", "How much for a gallon of {a}?",
           "How much is {a} gas?", "What is {a} selling for?", "What does one gallon of {a} cost?",
           "Tell me the price of {a}.", "How much is a gallon of {a} here?"]

READ_ONE = ["I need the price of {a}.", "Read the {a} price.", "I need to read the sign."]


def make(rng, condition):
    sc, grades, info = make_sign(rng, condition)
    kind = pick(rng, ["diff", "diff", "diff", "gallons", "gallons", "cost", "price", "price"])
    names = [g[0] for g in grades]
    ia, ib = [int(i) for i in rng.choice(len(grades), size=2, replace=False)]
    (a, pa), (b, pb) = grades[ia], grades[ib]
    qa, qb = plans.lower_maybe(rng, a, 0.4), plans.lower_maybe(rng, b, 0.4)
    if kind == "diff":
        if pa < pb:
            (a, pa, qa), (b, pb, qb) = (b, pb, qb), (a, pa, qa)
        q = pick(rng, DIFF_Q).format(a=qa, b=qb)
        plan = [plans.ocr(pick(rng, [f"I need the prices of {a} and {b}.", f"Read the {a} and {b} prices.",
                                     "I need to read the sign."]), numbers=[money(pa), money(pb)], text=[a, b]),
                plans.calculate(f"{a} is {money(pa)} and {b} is {money(pb)}.", f"{money(pa)} - {money(pb)}"),
                plans.terminate("The difference is {round:2:obs[1].result}.", "{round:2:obs[1].result}")]
        answer, tol = money(pa - pb), None
    elif kind == "gallons":
        m = int(pick(rng, [10, 20, 20, 25, 30, 40, 40, 50, 60, 75, 100]))
        q = pick(rng, GALLON_Q).format(a=qa, m=m)
        plan = plans.price_then_calculate(pick(rng, READ_ONE).format(a=a), a, money(pa),
                                          f"{a} is {money(pa)}; divide {m} by it.", f"{m} / {money(pa)}",
                                          "That is {round:2:obs[1].result} gallons.")
        answer, tol = f"{m / pa:.2f}", 0.01
    elif kind == "cost":
        k = int(pick(rng, [2, 5, 8, 10, 12, 15, 20]))
        q = pick(rng, COST_Q).format(a=qa, k=k)
        plan = plans.price_then_calculate(pick(rng, READ_ONE).format(a=a), a, money(pa), f"{a} is {money(pa)}.",
                                          f"{k} * {money(pa)}", "It costs {round:2:obs[1].result}.")
        answer, tol = f"{k * pa:.2f}", 0.01
    else:
        q = pick(rng, PRICE_Q).format(a=qa)
        plan = plans.read_price(pick(rng, READ_ONE).format(a=a), a, money(pa), f"{a} costs {money(pa)}.")
        answer, tol = money(pa), None
    info["kind"] = kind
    info["grade_names"] = names
    return dict(scene=sc, question=q, answer=answer, answer_type="numeric", tolerance=tol, plan=plan, info=info)
