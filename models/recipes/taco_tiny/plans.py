"""Plan steps in the shape docs/synth.md defines, and small wording helpers shared by the
families. Thoughts stay short: every token of them costs training time."""


def ocr(thought, numbers=(), text=(), regions=(), image="image-0"):
    expect = {}
    if numbers:
        expect["numbers"] = list(numbers)
    if text:
        expect["text"] = list(text)
    if regions:
        expect["regions"] = list(regions)
    step = {"thought": thought, "action": "OCR", "arguments": {"image": image}}
    if expect:
        step["expect"] = expect
    return step


def calculate(thought, expression):
    return {"thought": thought, "action": "Calculate", "arguments": {"expression": expression}}


def depth(thought, bbox, image="image-0"):
    return {"thought": thought, "action": "EstimateRegionDepth", "arguments": {"image": image, "bbox": bbox}}


def zoom(thought, bbox, factor=3, image="image-0"):
    return {"thought": thought, "action": "ZoomIn", "arguments": {"image": image, "bbox": bbox, "zoom_factor": factor}}


def terminate(thought, answer):
    return {"thought": thought, "action": "Terminate", "arguments": {"answer": answer}}


def read_price(ocr_thought, name, price, answer_thought):
    """OCR expecting one name and its price, then that price as the answer."""
    return [ocr(ocr_thought, numbers=[price], text=[name]), terminate(answer_thought, price)]


def price_then_calculate(ocr_thought, name, price, calc_thought, expression, answer_thought):
    """OCR expecting one name and its price, a calculation with it, its rounded result as the answer."""
    return [ocr(ocr_thought, numbers=[price], text=[name]), calculate(calc_thought, expression),
            terminate(answer_thought, "{round:2:obs[1].result}")]


def pick(rng, options):
    return options[int(rng.integers(len(options)))]


def money(value):
    """A price as written in a plan (dot decimal, two places)."""
    return f"{value:.2f}"


def lower_maybe(rng, name, p=0.5):
    return name.lower() if rng.random() < p else name
