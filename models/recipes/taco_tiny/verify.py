#!/usr/bin/python3
"""Measures how often the plans of a world.py run hold against taco's real tools, before
`taco synth` does it at scale: runs each item's plan with `taco tools run` (one process per
call), checks every `expect`, resolves {box:…}, {obs[k].…}, {round:…} and {closer:…} the way
docs/synth.md defines them, and compares the final answer with the gold one.

    /usr/bin/python3 models/recipes/taco_tiny/verify.py DIR [--taco "./taco"] [--limit N]

writes DIR/verify.jsonl (one line per item: kept or the first failure and why, seconds per
tool call) and prints the rate per family and condition. Also checks that zoom items need
their zoom (the price is not read at full size).
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict

NUMBER = re.compile(r"\d+(?:(?:[.,] ?| )\d+)*")
PLACEHOLDER = re.compile(r"\{(box(?:\[(\d+)\])?:([^}]*)|round:(\d+):obs\[(\d+)\]\.(\w+)|obs\[(\d+)\]\.(\w+)|closer:([^}]*))\}")


def digits(s):
    return re.sub(r"\D", "", s)


def number_read(expected, text):
    want = digits(expected)
    for tok in NUMBER.findall(text):
        d = digits(tok)
        if d == want or d.startswith(want):
            return True
    return False


def fmt_number(v):
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e16:
        return repr(v)  # Python's shortest round trip, as the model sees it ("3.0")
    return repr(v)


class Failed(Exception):
    def __init__(self, reason, detail=""):
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def resolve(s, results, ocr_steps):
    """Returns the resolved value: a JSON value when s is exactly one list/number placeholder."""
    def value(m):
        if m.group(1).startswith("box"):
            k = int(m.group(2)) if m.group(2) is not None else (ocr_steps[-1] if ocr_steps else None)
            if k is None:
                raise Failed("region_not_found", m.group(3))
            label = m.group(3).strip().lower()
            for reg in results[k].get("regions", []):
                if reg["text"].strip().lower() == label:
                    return reg["bbox"]
            raise Failed("region_not_found", m.group(3))
        if m.group(4) is not None:
            v = results[int(m.group(5))][m.group(6)]
            return f"{round(float(v), int(m.group(4))):.{int(m.group(4))}f}"
        if m.group(7) is not None:
            return results[int(m.group(7))][m.group(8)]
        pairs = [p.split("=") for p in m.group(9).split(",")]
        d = [(results[int(k)]["depth"], lab) for lab, k in pairs]
        d.sort()
        if d[0][0] == d[1][0]:
            raise Failed("depth_tie")
        return d[0][1]
    s = s.replace("{{", "\x00").replace("}}", "\x01")
    ms = list(PLACEHOLDER.finditer(s))
    if len(ms) == 1 and ms[0].span() == (0, len(s)):
        v = value(ms[0])
        if isinstance(v, (list, int, float)):
            return v
    out = PLACEHOLDER.sub(lambda m: v if isinstance(v := value(m), str) else json.dumps(v) if isinstance(v, list)
                          else fmt_number(v), s)
    return out.replace("\x00", "{").replace("\x01", "}")


def score(answer, item):
    gold = str(item["answer"])
    if item.get("answer_type") == "numeric":
        try:
            a, g = float(answer), float(gold)
        except ValueError:
            return False
        tol = item.get("tolerance")
        return abs(a - g) <= (tol if tol is not None else abs(g) * 0.01) + 1e-9
    return answer.strip().lower() == gold.strip().lower()


class Tools:
    def __init__(self, taco, workdir):
        self.taco, self.workdir = taco, workdir
        self.calls = defaultdict(list)

    def run(self, name, image, args, out=None):
        cmd = self.taco + ["tools", "run", name, image, "--json"]
        for k, v in args.items():
            cmd += ["--arg", f"{k}={json.dumps(v) if not isinstance(v, str) else v}"]
        if out:
            cmd += ["--out", out]
        t0 = time.monotonic()
        p = subprocess.run(cmd, capture_output=True, text=True)
        self.calls[name].append(time.monotonic() - t0)
        if p.returncode != 0:
            raise Failed("tool_failed", (p.stderr or p.stdout).strip()[:200])
        return json.loads(p.stdout)["result"]


def run_item(item, root, tools, tmp, record):
    images = [os.path.join(root, item["images"][0])]
    results, ocr_steps = [], []
    for k, step in enumerate(item["plan"]):
        args = {key: resolve(v, results, ocr_steps) if isinstance(v, str) else v
                for key, v in step.get("arguments", {}).items()}
        action = step["action"]
        if action == "Terminate":
            record["answer"] = args["answer"]
            if not score(str(args["answer"]), item):
                raise Failed("wrong_answer", f"{args['answer']} vs {item['answer']}")
            return record
        img = args.get("image")
        path = images[int(img.split("-")[1])] if img else None
        if action == "OCR":
            res = tools.run("OCR", path, {})
            ocr_steps.append(k)
            text = "\n".join(r["text"] for r in res.get("regions", []))
            record.setdefault("ocr", []).append(text)
            exp = step.get("expect", {})
            for n in exp.get("numbers", []):
                if not number_read(n, text):
                    raise Failed("number_not_read", n)
            for t in exp.get("text", []):
                if t.lower() not in text.lower():
                    raise Failed("text_not_read", t)
            for t in exp.get("regions", []):
                if not any(r["text"].strip().lower() == t.strip().lower() for r in res.get("regions", [])):
                    raise Failed("region_not_found", t)
        elif action == "Calculate":
            expr = args["expression"]
            if not re.fullmatch(r"[\d.\s+\-*/()]+", expr):
                raise Failed("tool_failed", expr)
            res = {"result": float(eval(expr, {"__builtins__": {}}))}  # digits and operators only
        elif action in ("ZoomIn", "Crop"):
            out = os.path.join(tmp, f"{item['id']}-{k}.png")
            tools.run(action, path, {a: v for a, v in args.items() if a != "image"}, out=out)
            images.append(out)
            res = {"image": f"image-{len(images) - 1}"}
        elif action == "EstimateRegionDepth":
            res = tools.run(action, path, {"bbox": args["bbox"]})
            record.setdefault("depths", []).append(res["depth"])
        else:
            raise Failed("tool_failed", action)
        results.append(res)
    raise Failed("no_terminate")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--taco", default="./taco", help="command that runs taco (split on spaces)")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--families", default="")
    args = ap.parse_args()
    taco = args.taco.split()
    items = [json.loads(line) for line in open(os.path.join(args.dir, "items.jsonl"), encoding="utf-8")]
    if args.families:
        items = [i for i in items if i["category"] in args.families.split(",")]
    if args.limit:
        items = items[:args.limit]
    tools = Tools(taco, None)
    stats = defaultdict(lambda: defaultdict(int))
    with tempfile.TemporaryDirectory() as tmp, open(os.path.join(args.dir, "verify.jsonl"), "w") as out:
        for n, item in enumerate(items):
            cond = item.get("annotations", {}).get("condition", "?")
            rec = {"id": item["id"]}
            try:
                run_item(item, args.dir, tools, tmp, rec)
                rec["kept"] = True
            except Failed as f:
                rec.update(kept=False, reason=f.reason, detail=f.detail)
            if item["category"] == "zoom" and rec.get("kept"):
                # the zoom is needed only when the full-size OCR did not already read the answer
                rec["needed_zoom"] = not number_read(item["answer"], rec["ocr"][0])
            rec["condition"] = cond
            out.write(json.dumps(rec) + "\n")
            out.flush()
            key = (item["category"], cond)
            stats[key]["n"] += 1
            stats[key]["kept"] += rec["kept"]
            if not rec["kept"]:
                stats[key][rec["reason"]] += 1
            if rec.get("needed_zoom") is False:
                stats[key]["zoom_not_needed"] += 1
            print(f"{n + 1}/{len(items)} {item['id']} {cond}: {'kept' if rec['kept'] else rec['reason'] + ' ' + str(rec.get('detail'))}",
                  file=sys.stderr)
    fams = sorted({k[0] for k in stats})
    print("| family | condition | items | plan holds | why not |")
    print("|---|---|---|---|---|")
    for f in fams:
        for c in ("clean", "degraded", "photo", "all"):
            keys = [k for k in stats if k[0] == f and (c == "all" or k[1] == c)]
            n = sum(stats[k]["n"] for k in keys)
            if not n:
                continue
            kept = sum(stats[k]["kept"] for k in keys)
            why = defaultdict(int)
            for k in keys:
                for r, v in stats[k].items():
                    if r not in ("n", "kept"):
                        why[r] += v
            print(f"| {f} | {c} | {n} | {kept} ({100 * kept / n:.0f}%) | {', '.join(f'{r} {v}' for r, v in sorted(why.items()))} |")
    for name, ts in tools.calls.items():
        ts = sorted(ts)
        print(f"{name}: {len(ts)} calls, median {ts[len(ts) // 2]:.2f} s per call (process start included)")


if __name__ == "__main__":
    main()
