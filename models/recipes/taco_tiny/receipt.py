"""[receipt] Shop receipts (items, Subtotal, Tax, Total), menus (price boards, two-column
menus, chalkboards with decimal commas) and shelf price tags: a price, a total before tax, a sum of a few items."""
import fonts
import plans
from plans import money, pick
from render import Scene, fit_font, font, rgb

# display name, as a question names one, as two of them are named
MENU = [("Burger", "burger", "burgers"), ("Cheeseburger", "cheeseburger", "cheeseburgers"),
        ("Coffee", "coffee", "coffees"), ("Latte", "latte", "lattes"), ("Espresso", "espresso", "espressos"),
        ("Cappuccino", "cappuccino", "cappuccinos"), ("Tea", "tea", "teas"), ("Soup", "soup", "soups"),
        ("Salad", "salad", "salads"), ("Sandwich", "sandwich", "sandwiches"), ("Bagel", "bagel", "bagels"),
        ("Muffin", "muffin", "muffins"), ("Croissant", "croissant", "croissants"), ("Pizza", "pizza", "pizzas"),
        ("Hot Dog", "hot dog", "hot dogs"), ("Fries", "portion of fries", "portions of fries"),
        ("Pancakes", "stack of pancakes", "stacks of pancakes"), ("Cookie", "cookie", "cookies"),
        ("Donut", "donut", "donuts"), ("Orange Juice", "orange juice", "orange juices"),
        ("Smoothie", "smoothie", "smoothies"), ("Waffle", "waffle", "waffles"), ("Taco", "taco", "tacos"),
        ("Burrito", "burrito", "burritos"), ("Wrap", "wrap", "wraps"), ("Omelette", "omelette", "omelettes"),
        ("Lemonade", "lemonade", "lemonades"), ("Cake", "slice of cake", "slices of cake"),
        ("Apple Pie", "slice of apple pie", "slices of apple pie"), ("Nachos", "plate of nachos", "plates of nachos"),
        ("Soda", "soda", "sodas"), ("Iced Tea", "iced tea", "iced teas"), ("Hot Chocolate", "hot chocolate", "hot chocolates"),
        ("Milkshake", "milkshake", "milkshakes"), ("Chicken Wings", "order of chicken wings", "orders of chicken wings"),
        ("Veggie Burger", "veggie burger", "veggie burgers"), ("Club Sandwich", "club sandwich", "club sandwiches"),
        ("Scone", "scone", "scones"), ("Brownie", "brownie", "brownies"), ("Quiche", "quiche", "quiches"),
        ("Chili", "bowl of chili", "bowls of chili"), ("Pasta", "pasta", "pastas"), ("Steak", "steak", "steaks"),
        ("Fish & Chips", "fish and chips", "fish and chips"), ("Beer", "beer", "beers"), ("Wine", "glass of wine", "glasses of wine"),
        ("Water", "bottle of water", "bottles of water"), ("Toast", "toast", "toasts"), ("Mocha", "mocha", "mochas")]
GROCERY = ["Milk", "Bread", "Eggs", "Bananas", "Apples", "Cheese", "Butter", "Coffee", "Rice", "Pasta", "Tomatoes",
           "Yogurt", "Chicken", "Orange Juice", "Cereal", "Onions", "Potatoes", "Honey", "Carrots", "Lettuce", "Flour",
           "Sugar", "Tea", "Soap", "Shampoo", "Batteries", "Paper Towels", "Olive Oil", "Ham", "Salmon", "Grapes",
           "Lemons", "Peanut Butter", "Jam", "Crackers", "Chips", "Ice Cream", "Water", "Soda", "Avocado", "Beans",
           "Oats", "Spinach", "Garlic", "Mushrooms", "Bagels", "Cookies", "Napkins", "Toothpaste", "Detergent"]
STORES = ["FRESH MART", "CORNER STORE", "GREEN GROCER", "CITY MARKET", "SUPER SAVE", "Daily Foods", "Maple Market",
          "QUICK SHOP", "Harbor Grocery", "Sunrise Deli", "VALUE FOODS", "Oak Street Market"]
MENU_TITLES = ["MENU", "Menu", "Today's Menu", "LUNCH", "Cafe Menu", "BREAKFAST", "Daily Specials", "Bistro",
               "DRINKS & BITES", "The Corner Cafe", "Food", "Snack Bar"]
SUBTOTAL = ["Subtotal", "SUBTOTAL", "Sub Total", "Sub-total", "SUB TOTAL"]
TAX = ["Tax", "TAX", "Sales Tax", "VAT", "Tax 8%"]
TOTAL = ["Total", "TOTAL", "Amount Due", "BALANCE DUE", "Total Due"]
CHALK = [(32, 44, 38), (25, 25, 28), (40, 52, 46), (30, 38, 52)]
CHALK_INK = [(240, 240, 235), (250, 235, 150), (250, 190, 200), (190, 230, 250), (235, 235, 235)]


DRINKS = {"Coffee", "Latte", "Espresso", "Cappuccino", "Tea", "Orange Juice", "Smoothie", "Lemonade", "Soda",
          "Iced Tea", "Hot Chocolate", "Milkshake", "Beer", "Wine", "Water", "Mocha"}
SNACKS = {"Bagel", "Muffin", "Croissant", "Fries", "Cookie", "Donut", "Cake", "Apple Pie", "Scone", "Brownie",
          "Toast", "Soup", "Waffle", "Taco", "Hot Dog"}


def price_range(name):
    return (1.5, 6.5) if name in DRINKS else (2.0, 8.5) if name in SNACKS else (5.5, 18.5)


def menu_price(rng, low, high):
    v = rng.uniform(low, high)
    return round(int(v * 2) / 2 + pick(rng, [0.0, 0.5, 0.25, 0.75, 0.9, 0.95, 0.49, 0.99, 0.0, 0.5]) % 1, 2)


def show(v, comma, currency):
    s = money(v).replace(".", ",") if comma else money(v)
    if currency == "$":
        return "$" + s
    if currency == "€":
        return s + " €" if comma else "€" + s
    return s


def receipt(rng):
    W = int(rng.integers(480, 620))
    n = int(rng.integers(4, 9))
    size = int(rng.integers(17, 23))
    H = int(size * 1.5 * (n + 9) + 60)
    sc = Scene(W, H, tuple(int(v) for v in rng.uniform(50, 130, 3)))
    pl, pr = int(W * rng.uniform(0.12, 0.22)), int(W * rng.uniform(0.78, 0.88))
    paper = tuple(int(v) for v in rng.uniform(235, 255, 3))
    sc.draw.rectangle([pl, 0, pr, H], fill=paper)
    fp = fonts.pick(rng, "mono", "mono", "sans")
    f = font(fp, size)
    ink = tuple(int(v) for v in rng.uniform(10, 60, 3))
    y = 18
    sc.text(((pl + pr) / 2, y), pick(rng, STORES), font(fp, size + 4), ink, anchor="mt", role="title")
    y += size * 2
    if rng.random() < 0.6:
        sc.text((pl + 14, y), f"{int(rng.integers(1, 13)):02d}/{int(rng.integers(1, 29)):02d}/2026  "
                f"{int(rng.integers(7, 22)):02d}:{int(rng.integers(0, 60)):02d}", f, ink, role="date")
        y += size * 1.6
    names = [GROCERY[i] for i in rng.choice(len(GROCERY), size=n, replace=False)]
    items = []
    dollar = rng.random() < 0.3
    for name in names:
        v = round(rng.uniform(0.49, 14.99), 2)
        sc.text((pl + 14, y), name, f, ink, role="name", key=name)
        sc.text((pr - 14, y), ("$" if dollar else "") + money(v), f, ink, anchor="ra", role="price", key=name + ":price")
        items.append((name, v))
        y += size * 1.45
    sc.draw.line([pl + 14, y + 2, pr - 14, y + 2], fill=ink, width=1)
    y += size * 0.6
    sub = round(sum(v for _, v in items), 2)
    rate = pick(rng, [0.05, 0.06, 0.07, 0.08, 0.0825, 0.09, 0.1])
    tax = round(sub * rate, 2)
    tot = round(sub + tax, 2)
    labels = {"subtotal": pick(rng, SUBTOTAL), "tax": pick(rng, TAX), "total": pick(rng, TOTAL)}
    for key, v in (("subtotal", sub), ("tax", tax), ("total", tot)):
        sc.text((pl + 14, y), labels[key], f, ink, role=key, key=key)
        sc.text((pr - 14, y), ("$" if dollar else "") + money(v), f, ink, anchor="ra", role="price", key=key + ":price")
        y += size * 1.45
    if rng.random() < 0.5:
        y += size * 0.5
        sc.text(((pl + pr) / 2, y), pick(rng, ["THANK YOU", "Thank you!", "Have a nice day", "COME AGAIN"]),
                f, ink, anchor="mt", role="footer")
        y += size * 1.5
    sc.crop_height(int(y + rng.integers(20, 60)))
    info = {"kind": "receipt", "items": [{"name": nm, "price": money(v)} for nm, v in items],
            "subtotal": money(sub), "tax": money(tax), "total": money(tot), "labels": labels}
    return sc, items, info


def menu(rng, chalk):
    n = int(rng.integers(4, 11))
    two_cols = n >= 7 and rng.random() < 0.6
    comma = rng.random() < (0.45 if chalk else 0.25)
    currency = pick(rng, ["", "", "$", "€"] if comma else ["", "$", "$"])
    W = int(rng.integers(560, 800)) if two_cols else int(rng.integers(480, 640))
    rows = (n + 1) // 2 if two_cols else n
    size = int(rng.integers(22, 32))
    H = int(size * 1.6 * rows + size * 3.5 + 50)
    if chalk:
        bg, ink, price_ink = pick(rng, CHALK), pick(rng, CHALK_INK), pick(rng, CHALK_INK)
        fp = fonts.pick(rng, "hand", "hand", "sans", "bold")
    else:
        bg = tuple(int(v) for v in rng.uniform(200, 255, 3)) if rng.random() < 0.7 else tuple(int(v) for v in rng.uniform(10, 70, 3))
        dark_bg = sum(bg) < 300
        ink = (240, 240, 235) if dark_bg else tuple(int(v) for v in rng.uniform(0, 70, 3))
        price_ink = ink if rng.random() < 0.6 else ((250, 200, 60) if dark_bg else (160, 20, 20))
        fp = fonts.pick(rng, "sans", "serif", "bold", "hand")
    sc = Scene(W, H, bg)
    if chalk:
        sc.draw.rectangle([0, 0, W - 1, H - 1], outline=(120, 85, 50), width=int(rng.integers(8, 16)))
    title = pick(rng, MENU_TITLES)
    sc.text((W / 2, 26), title, fit_font(sc.draw, fp, size + 10, title, W - 60), ink, anchor="mt", role="title")
    entries = [MENU[i] for i in rng.choice(len(MENU), size=n, replace=False)]
    items = []
    used = set()
    for e in entries:
        v = menu_price(rng, *price_range(e[0]))
        while money(v) in used:
            v = round(v + 0.5, 2)
        used.add(money(v))
        items.append((e, v))
    col_w = W / 2 if two_cols else W
    y0 = 26 + size * 2.6
    f = font(fp, size)
    leaders = rng.random() < 0.3
    for i, (e, v) in enumerate(items):
        c, r = (i // rows, i % rows) if two_cols else (0, i)
        x0, x1 = c * col_w + 24, (c + 1) * col_w - 24
        y = y0 + r * size * 1.6
        nf = fit_font(sc.draw, fp, size, e[0], (x1 - x0) * 0.62)
        box = sc.text((x0, y), e[0], nf, ink, role="name", key=e[0])
        pbox = sc.text((x1, y), show(v, comma, currency), f, price_ink, anchor="ra", role="price", key=e[0] + ":price")
        if leaders:
            x = box[2] + 8
            while x < pbox[0] - 10:
                sc.draw.ellipse([x, y + size * 0.75, x + 2, y + size * 0.75 + 2], fill=ink)
                x += 9
    info = {"kind": "chalkboard" if chalk else "menu", "two_columns": two_cols, "decimal_comma": comma,
            "currency": currency, "items": [{"name": e[0], "price": money(v)} for e, v in items]}
    return sc, items, info


def shelf_tags(rng):
    """Shelf price tags in a grid, each a product name over a big price (what a phone photo of a
    supermarket shelf edge shows)."""
    cols, rows = pick(rng, [(2, 2), (3, 2), (2, 3), (3, 3), (4, 2)])
    tag_w, tag_h = int(rng.integers(130, 170)), int(rng.integers(80, 105))
    gap = int(rng.integers(14, 40))
    W, H = cols * tag_w + (cols + 1) * gap, rows * tag_h + (rows + 1) * gap
    sc = Scene(W, H, rgb(rng.uniform(60, 200, 3)))
    fp_name, fp_price = fonts.pick(rng, "sans", "bold"), fonts.pick(rng, "bold")
    tag_bg = pick(rng, [(255, 255, 255), (255, 235, 90), (250, 250, 240), (255, 210, 210)])
    ink, price_ink = (20, 20, 20), pick(rng, [(20, 20, 20), (200, 20, 20), (20, 40, 150)])
    dollar = rng.random() < 0.6
    unit = pick(rng, ["", "", "", "ea", "/lb", "each"])
    names = [GROCERY[i] for i in rng.choice(len(GROCERY), size=cols * rows, replace=False)]
    items = []
    for k, name in enumerate(names):
        c, r = k % cols, k // cols
        x, y = gap + c * (tag_w + gap), gap + r * (tag_h + gap)
        sc.draw.rectangle([x, y, x + tag_w, y + tag_h], fill=tag_bg, outline=pick(rng, [(200, 30, 30), (40, 40, 40)]), width=2)
        sc.text((x + 8, y + 6), name, fit_font(sc.draw, fp_name, 17, name, tag_w - 16), ink, role="name", key=name)
        v = round(int(rng.uniform(0.5, 12)) + pick(rng, [0.49, 0.99, 0.29, 0.79, 0.59, 0.25, 0.89]), 2)
        text = ("$" if dollar else "") + money(v)
        box = sc.text((x + tag_w - 10, y + tag_h - 8), text, fit_font(sc.draw, fp_price, 34, text, tag_w - 40), price_ink,
                      anchor="rs", role="price", key=name + ":price")
        if unit:
            sc.text((box[0] - 4, box[3]), unit, font(fp_name, 12), ink, anchor="rd", role="unit")
        items.append((name, v))
    info = {"kind": "shelf_tags", "items": [{"name": nm, "price": money(v)} for nm, v in items]}
    return sc, items, info


WHAT_Q = ["How much is the {a}?", "What does the {a} cost?", "What is the price of the {a}?", "How much for the {a}?",
          "What's the {a} price?", "Price of the {a}?", "How much does a {a} cost?", "What do they charge for the {a}?",
          "How much is a {a}?", "What does a {a} cost here?", "How much is the {a} on the menu?",
          "Tell me the price of the {a}."]
RECEIPT_ITEM_Q = ["How much was the {a}?", "What did the {a} cost?", "How much did I pay for the {a}?",
                  "What is the price of the {a} on this receipt?", "How much was charged for {a}?"]
SUBTOTAL_Q = ["What is the total before tax?", "What is the subtotal?", "How much is the subtotal?",
              "What was the amount before tax?", "What did the items come to before tax?", "Subtotal?",
              "What is the pre-tax total?",
              "How much before tax?", "What is the total without tax?", "What was the bill before tax was added?"]
TOTAL_Q = ["What is the total?", "How much was the total?", "What is the total amount due?", "How much did I pay in total?",
           "What's the grand total on the receipt?"]
TAX_Q = ["How much tax was charged?", "What is the tax?", "How much was the tax?", "What is the tax amount?"]
COMBO_Q = ["What do {ka} {a} and {kb} {b} cost?", "How much are {ka} {a} and {kb} {b}?",
           "What would {ka} {a} and {kb} {b} cost together?", "How much for {ka} {a} and {kb} {b}?",
           "I want {ka} {a} and {kb} {b}. What is the total?", "What is the price of {ka} {a} plus {kb} {b}?",
           "What does it cost to get {ka} {a} and {kb} {b}?", "Total price for {ka} {a} and {kb} {b}?",
           "If I order {ka} {a} and {kb} {b}, how much do I pay?"]
PAIR_Q = ["How much did the {a} and the {b} cost together?", "What did the {a} and {b} cost in all?",
          "How much for the {a} and the {b} combined?"]
MORE_Q = ["How much more is the {a} than the {b}?", "How much more does the {a} cost than the {b}?",
          "What is the price difference between the {a} and the {b}?"]
COUNT = {1: ["a", "one"], 2: ["two", "2"], 3: ["three", "3"], 4: ["four"]}


def make(rng, condition):
    kind = pick(rng, ["receipt", "receipt", "menu", "menu", "chalk", "tags"])
    if kind == "tags":
        sc, items, info = shelf_tags(rng)
        i, j = [int(x) for x in rng.choice(len(items), size=2, replace=False)]
        (a, va), (b, vb) = items[i], items[j]
        if rng.random() < 0.5:
            q = pick(rng, WHAT_Q).format(a=a.lower())
            plan = plans.read_price(pick(rng, [f"I need the price of {a}.", "I need to read the tags."]), a, money(va),
                                    f"{a} is {money(va)}.")
            answer = money(va)
        else:
            k = int(pick(rng, [2, 2, 3, 4]))
            q = pick(rng, ["How much do {k} {a} and one {b} cost?", "What would {k} {a} plus a {b} cost?",
                           "I buy {k} {a} and one {b}. What do I pay?"]).format(k=k, a=a.lower(), b=b.lower())
            plan = [plans.ocr(pick(rng, [f"I need the prices of {a} and {b}.", "I need to read the tags."]),
                              numbers=[money(va), money(vb)], text=[a, b]),
                    plans.calculate(f"{a} is {money(va)} and {b} is {money(vb)}.", f"{k} * {money(va)} + {money(vb)}"),
                    plans.terminate("That is {round:2:obs[1].result}.", "{round:2:obs[1].result}")]
            answer = money(k * va + vb)
        info["question_kind"] = "tags"
        return dict(scene=sc, question=q, answer=answer, answer_type="numeric", tolerance=None, plan=plan, info=info)
    if kind == "receipt":
        sc, items, info = receipt(rng)
        q_kind = pick(rng, ["subtotal", "subtotal", "item", "total", "tax", "pair"])
        name, v = items[int(rng.integers(len(items)))]
        if q_kind in ("subtotal", "total", "tax"):
            label = info["labels"][q_kind]
            value = {"subtotal": info["subtotal"], "tax": info["tax"], "total": info["total"]}[q_kind]
            q = pick(rng, {"subtotal": SUBTOTAL_Q, "total": TOTAL_Q, "tax": TAX_Q}[q_kind])
            plan = [plans.ocr(pick(rng, [f"I need the {label.lower()} line.", "I need to read the receipt."]),
                              numbers=[value], text=[label]),
                    plans.terminate(f"The {label.lower()} is {value}.", value)]
            answer = value
        elif q_kind == "item":
            q = pick(rng, RECEIPT_ITEM_Q).format(a=name.lower())
            plan = plans.read_price(pick(rng, [f"I need the price of {name}.", "I need to read the receipt."]), name,
                                    money(v), f"{name} costs {money(v)}.")
            answer = money(v)
        else:
            i, j = [int(x) for x in rng.choice(len(items), size=2, replace=False)]
            (a, va), (b, vb) = items[i], items[j]
            q = pick(rng, PAIR_Q).format(a=a.lower(), b=b.lower())
            plan = [plans.ocr(pick(rng, [f"I need the prices of {a} and {b}.", "I need to read the receipt."]),
                              numbers=[money(va), money(vb)], text=[a, b]),
                    plans.calculate(f"{a} is {money(va)} and {b} is {money(vb)}.", f"{money(va)} + {money(vb)}"),
                    plans.terminate("Together {round:2:obs[1].result}.", "{round:2:obs[1].result}")]
            answer = money(va + vb)
        info["question_kind"] = q_kind
        return dict(scene=sc, question=q, answer=answer, answer_type="numeric", tolerance=None, plan=plan, info=info)

    sc, items, info = menu(rng, chalk=kind == "chalk")
    q_kind = pick(rng, ["what", "what", "combo", "combo", "combo", "more"])
    i, j = [int(x) for x in rng.choice(len(items), size=2, replace=False)]
    (ea, va), (eb, vb) = items[i], items[j]
    comma = info["decimal_comma"]

    def shown(v):
        return money(v).replace(".", ",") if comma else money(v)
    if q_kind == "what":
        q = pick(rng, WHAT_Q).format(a=ea[1])
        plan = [plans.ocr(pick(rng, [f"I need the price of the {ea[1]}.", "I need to read the menu."]),
                          numbers=[money(va)], text=[ea[0]]),
                plans.terminate(f"The {ea[1]} is {shown(va)}.", money(va))]
        answer = money(va)
    elif q_kind == "combo":
        ka, kb = pick(rng, [(1, 2), (1, 2), (2, 1), (1, 1), (1, 3), (2, 2), (3, 1), (2, 3)])
        wa = pick(rng, COUNT[ka]) + " " + (ea[1] if ka == 1 else ea[2])
        wb = pick(rng, COUNT[kb]) + " " + (eb[1] if kb == 1 else eb[2])
        q = pick(rng, COMBO_Q).replace("{ka} {a}", wa).replace("{kb} {b}", wb)
        ta = money(va) if ka == 1 else f"{ka} * {money(va)}"
        tb = money(vb) if kb == 1 else f"{kb} * {money(vb)}"
        plan = [plans.ocr(pick(rng, [f"I need the prices of the {ea[1]} and the {eb[1]}.", "I need to read the menu."]),
                          numbers=[money(va), money(vb)], text=[ea[0], eb[0]]),
                plans.calculate(f"{ea[0]} is {shown(va)} and {eb[0]} is {shown(vb)}.", f"{ta} + {tb}"),
                plans.terminate("That is {round:2:obs[1].result}.", "{round:2:obs[1].result}")]
        answer = money(ka * va + kb * vb)
    else:
        if va < vb:
            (ea, va), (eb, vb) = (eb, vb), (ea, va)
        q = pick(rng, MORE_Q).format(a=ea[1], b=eb[1])
        plan = [plans.ocr(pick(rng, [f"I need the prices of the {ea[1]} and the {eb[1]}.", "I need to read the menu."]),
                          numbers=[money(va), money(vb)], text=[ea[0], eb[0]]),
                plans.calculate(f"{ea[0]} is {shown(va)} and {eb[0]} is {shown(vb)}.", f"{money(va)} - {money(vb)}"),
                plans.terminate("The difference is {round:2:obs[1].result}.", "{round:2:obs[1].result}")]
        answer = money(va - vb)
    info["question_kind"] = q_kind
    return dict(scene=sc, question=q, answer=answer, answer_type="numeric", tolerance=None, plan=plan, info=info)
