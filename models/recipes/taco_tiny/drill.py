"""Copy drills: short exchanges whose answers can only be copied, never guessed, mixed into
taco-tiny's training so the copying circuit (a previous-token head feeding an induction head)
forms early instead of after a long plateau. Each drill conversation is several exchanges in
one ChatML conversation (no images), with uniformly random digits:

- repeat:  a sequence of prices, box coordinates, labels and integers, said back exactly;
- recall:  a board of "label value" lines (or an OCR observation as taco-tiny sees it), then
           the value next to one label, or the box of one region;
- result:  a Calculate observation, then its result.

Deterministic for a seed.
"""
import random

from sim import FOODS, GRADES, board, regions_repr

LABELS = FOODS + [g for gs in GRADES for g in gs] + list("ABCDEFGHJKLMNPRSTUVWXYZ")


def number(rng):
    k = rng.random()
    if k < 0.55:
        return f"{rng.randint(0, 99)}.{rng.randint(0, 99):02d}"
    if k < 0.7:
        return f"{rng.randint(0, 99)},{rng.randint(0, 99):02d}"
    if k < 0.85:
        return str(rng.randint(0, 9999))
    return f"{rng.randint(0, 9)}.{rng.randint(0, 999):03d}"


def box(rng):
    return "[" + ", ".join(f"{rng.randint(0, 99) / 100}" for _ in range(4)) + "]"


def item(rng):
    k = rng.random()
    return number(rng) if k < 0.6 else box(rng) if k < 0.75 else rng.choice(LABELS)


def repeat(rng):
    seq = " ".join(item(rng) for _ in range(rng.randint(3, 10)))
    return rng.choice(["Repeat: ", "Say back: ", "Copy: "]) + seq, seq


def recall(rng):
    n = rng.randint(3, 6)
    labels = rng.sample(LABELS, n)
    values = [number(rng) for _ in range(n)]
    k = rng.randrange(n)
    if rng.random() < 0.5:
        text = "\n".join(f"{a} {v}" for a, v in zip(labels, values))
        return f"{text}\nWhat is next to {labels[k]}?", values[k]
    # as an OCR observation: regions with boxes, then the text; ask for a value or a box
    pairs = [(a, float(v.replace(",", "."))) for a, v in zip(labels, values)]
    regs, text = board(rng, pairs, noise=0.0, joined_p=0.0)
    obs = regions_repr(regs, text)
    k = rng.randrange(len(pairs))
    label = pairs[k][0]
    if rng.random() < 0.5:
        bb = next(b for b, s in regs if s == label)
        return f"{obs}\nWhere is {label}?", "[" + ", ".join(repr(float(round(x, 2))) for x in bb) + "]"
    price = next(s for s in text.split("\n") if s.startswith(label + " "))[len(label) + 1:]
    return f"{obs}\nWhat is the price of {label}?", price


def result(rng):
    v = number(rng).replace(",", ".")
    return "{'result': " + v + "}\nThe result?", v


def conversation(seed):
    rng = random.Random(seed)
    msgs = []
    chars = 0
    for _ in range(rng.randint(2, 4)):
        q, a = rng.choices([repeat, recall, result], [3, 4, 1])[0](rng)
        chars += len(q) + len(a)
        if msgs and chars > 900:  # keep a drill within training's max length
            break
        msgs.append({"role": "user", "text": q})
        msgs.append({"role": "assistant", "text": a})
    return {"id": f"drill-{seed}", "category": "drill", "messages": msgs, "images": []}


if __name__ == "__main__":
    import json
    import sys
    for s in range(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
        print(json.dumps(conversation(s), ensure_ascii=False))
