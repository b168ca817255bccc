#!/usr/bin/env python3
"""Build-time generator of the agent's Python-derived expectations (never run by the tests).

Writes, next to this script and under ../Goldens/:
  python-repr-table.jsonl   tricky values (type-tagged) and repr() of each, as observations print them
  python-json-loads.jsonl   model-like texts and what json.loads makes of them (value or error text)
  ../Goldens/*.txt          the TACO protocol strings, built here from docs/TACO-PROTOCOL.md's constants

Run: python3 tests/Taco.Agent.Tests/Protocol/make_tables.py   (CPython 3.11 produced the committed files)
"""
import json
import math
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDENS = os.path.join(HERE, "..", "Goldens")


def tag(v):
    if v is None:
        return {"t": "none"}
    if isinstance(v, bool):
        return {"t": "bool", "v": v}
    if isinstance(v, int):
        return {"t": "int", "v": str(v)}
    if isinstance(v, float):
        return {"t": "float", "bits": struct.pack(">d", v).hex()}
    if isinstance(v, str):
        return {"t": "str", "v": v}
    if isinstance(v, list):
        return {"t": "list", "v": [tag(x) for x in v]}
    if isinstance(v, dict):
        return {"t": "dict", "v": [[k, tag(x)] for k, x in v.items()]}
    raise TypeError(type(v))


def obs(v):
    # Observations list keys alphabetically (the reference builds them from dir()). Nested dicts are sorted too,
    # because ToolDict always sorts; the reference would print a tool's nested dicts in insertion order
    # (e.g. LocalizeObjects regions as label, bbox, score) - a known gap of the tool contract.
    if isinstance(v, dict):
        return {k: obs(x) for k, x in sorted(v.items())}
    if isinstance(v, list):
        return [obs(x) for x in v]
    return v


strings = [
    "", "plain", "it's", 'say "hi"', "both ' and \"", "back\\slash", "tab\there", "new\nline", "cr\rret",
    "\x00nul", "\x07bell", "\x1b[0m", "\x7f", "\x80\x9f", "\xa0nbsp", "soft\xadhyphen", "café", "€5", "naïve Ærø",
    "日本語", "😀 emoji", "\u200bzero width", "\u2028line sep", "\ufeffbom", "e\u0301 combining", "\ue000 private",
    "Ω≈ç√∫", "Supreme 3.65 9/10", "Regular 3.49\nSupreme 3.65", "'", '"', "'\"'", "\\n literal", "a\u3000b",
]
floats = [50 / 3.65, 1e16, 1e15, 0.0001, 1e-05, 0.1 + 0.2, 1 / 3, 2.0 ** 53, 123456789012345678.0, 5e-324,
          sys.float_info.max, math.inf, -math.inf, math.nan, -0.0, 0.0, 0.5, 100.0, 1e22, 1.5e300, 13.7,
          6.25, 1e-07, 9.999999999999999e15, 0.30000000000000004, 2.5e-05, 1234.5678, -3.65]
ints = [0, -1, 1, 84, 2 ** 64, -(10 ** 30), 2 ** 31]
values = [{"result": x} for x in floats] + [{"result": x} for x in ints] + [{"text": s} for s in strings]
values += [
    {"flag": True, "other": False, "none": None},
    {"regions": [{"label": "person", "bbox": [0.77, 0.47, 0.79, 0.54], "score": 0.83},
                 {"label": "person-2", "bbox": [0.69, 0.49, 0.7, 0.52], "score": 0.43}]},
    {"nested": {"b": [1, 2.5, "x", None, True, [], {}], "a": {"z": "'"}}},
    {"Zeta": 1, "alpha": 2, "_under": 3, "Beta": 4, "beta": 5, "10": 6, "9": 7},
    {"objects": ["cat", "dog's bowl", 'the "best"']},
    {"depth": "Object not found."},
    {"message": "No action has been provided. Proceed to the next step."},
    {},
]
with open(os.path.join(HERE, "python-repr-table.jsonl"), "w", encoding="utf-8") as f:
    for v in values:
        v = obs(v)
        f.write(json.dumps({"value": tag(v), "repr": repr(v)}, ensure_ascii=True) + "\n")

texts = [
    '{"thought": "x", "actions": []}',
    '{"a" 1}', '{"a":1,}', '[1,]', "{'a':1}", '{"a":"x\ny"}', '{"a":"\\q"}', '{"a":"\\u12"}', '{"a":1}}', '',
    '{"a":tru}', '{"a":"abc', '{"a":NaN, "b":-Infinity, "c": Infinity}', '{"a":1 "b":2}', '{\n"a":\n}',
    '{"a": -0, "b": 1e400, "c": 1E5, "d": 1.0e-3, "e": 12345678901234567890123}', '{"a": 01}', '{"a": 1.}',
    '{"a": .5}', '{"a": -}', '{"a": 1e}', '{"a": 1e+}', '{"a": "\\ud83d\\ude00 \\u00e9 \\/ \\b\\f\\n\\r\\t"}',
    '{"a": "\\ud83d"}', '{"a": "\\ud83d\\u12"}', '{"a": "\\ud83dx"}', '{', '{"a"', '{"a":', '{"a":1', '{"a":1,',
    '{"a": [1, 2', '{"a": [1 2]}', '{"a": {"b": }}', '{"dup": 1, "x": 2, "dup": 3}', '{"a": null, "b": true, "c": false}',
    '{"a": nul}', '{"a": True}', '{"a": None}', '{"é": "😀 unicode", "ключ": "值"}', '{"a": "😀", "b": x}',
    '{"a": "tab\there"}', '{"thought": "I will call OCR.", "actions": [{"name": "OCR", "arguments": {"image": "image-0"}}]}.',
    '  {"a": 1}  ', '{"a": 1}\n', '\t{"a": [ ]}', '{"a": "\\"quoted\\""}', '{"a": "\\u00"}', '{"a": "\\', '"just a string"',
    '{"thought": "50 / 3.65", "actions": [{"name": "Calculate", "arguments": {"expression": "50 / 3.65"}}]}',
    '{"a": "\\u007f del"}', '{"a": [1,,2]}', '{,}', '{"a":1,,}', '{"a": -Infinityx}', '{"a": [1, 2, 3,]}', '{"a": 1}{"b": 2}',
]
with open(os.path.join(HERE, "python-json-loads.jsonl"), "w", encoding="utf-8") as f:
    for t in texts:
        try:
            v = json.loads(t)
            row = {"input": t, "dumps": json.dumps(v)}
        except json.JSONDecodeError as e:
            row = {"input": t, "error": str(e)}
        f.write(json.dumps(row, ensure_ascii=True) + "\n")

# ---- goldens: the protocol strings, from the constants of docs/TACO-PROTOCOL.md ----
SHORT = ("[BEGIN OF GOAL] You are a helpful assistant, and your goal is to solve the # USER REQUEST #. You can either "
         "rely on your own capabilities or perform actions with external tools to help you. You can use these actions: {} [END OF GOAL]")
SUFFIX = ("\nThe OBSERVATION can be incomplete or incorrect, so please be critical and decide how to make use of it. If "
          "you've gathered sufficient information to answer the question, call Terminate with the final answer. Now, "
          "please generate the response for the next step.")
JSON_FIX = ("\nPlease format the output to a strict JSON format can be converted by json.loads().\nRequirements:\n1. Do not "
            "change the content;\n2. Consider changing single quotes to double quotes or vice versa where applicable;\n3. "
            "Consider adding or removing curly bracket or removing the period at the end if any.")
OTHER_FIX = "\nPlease try again to fix the error. Or, reply with Terminate only if you believe this error is not fixable."


# The reference (taco/data.py format_query, taco/prompt.py get_prompt_for_curr_query): the query is one
# "image-{i}: <image>" line per image, the question and a newline; the wrapper adds "\nNow please ...:\n",
# so the question is followed by a blank line. taco-tiny (and taco-chat) keep the single newline they were trained on.
def request(n, q):
    return "\n# USER REQUEST #:\n" + "".join(f"image-{i}: <image>\n" for i in range(n)) + q + "\n" + "\nNow please generate your response:\n"


def request_chat(n, q):
    return "\n# USER REQUEST #:\n" + "".join(f"image-{i}: <image>\n" for i in range(n)) + q + "\nNow please generate your response:\n"


# The reference's flattening for a local checkpoint (autogen/agentchat/contrib/llava_agent.py, _image_reply):
# the system message and "\n", then per message "###Human: " or "###Assistant: ", its text and "\n", then
# "\n###Assistant: ". The whole text is the one user turn of the checkpoint's chat template.
def transcript(system, messages):
    text = system + "\n"
    for role, content in messages:
        text += "###" + ("Human" if role == "user" else "Assistant") + ": " + content + "\n"
    return text + "\n###Assistant: "


def parse_error_json(text):
    candidate = text[text.find("{"): text.rfind("}") + 1]
    try:
        json.loads(candidate)
        raise AssertionError("expected a JSON error")
    except json.JSONDecodeError as e:
        return "OBSERVATION:\n" + str(e) + JSON_FIX


GAS = "How many gallons of supreme gasoline can I get with $50?"
goldens = {
    "short-prompt-ocr-calculate.txt": SHORT.format("OCR, Calculate, Terminate"),
    "short-prompt-calculate.txt": SHORT.format("Calculate, Terminate"),
    "short-prompt-reference-actions.txt": SHORT.format("OCR, LocalizeObjects, GetObjects, EstimateRegionDepth, EstimateObjectDepth, Crop, ZoomIn, QueryLanguageModel, GetImageToImagesSimilarity, GetImageToTextsSimilarity, GetTextToImagesSimilarity, DetectFaces, QueryKnowledgeBase, Calculate, SolveMathEquation, Terminate"),
    "request-one-image.txt": request(1, GAS),
    "request-two-images.txt": request(2, "Which of image-0 and image-1 shows the cheaper supreme gasoline?"),
    "request-no-image.txt": request(0, "What is 12 times 7?"),
    # Under taco the task prompt is the system message: the first user turn is the request alone.
    "first-turn-gas-station.txt": request(1, GAS),
    "taco-chat-first-turn-gas-station.txt": SHORT.format("OCR, Calculate, Terminate") + request_chat(1, GAS),
    "observation-calculate.txt": "OBSERVATION:\n" + str({"result": 50 / 3.65}) + SUFFIX,
    "observation-ocr-text-only.txt": "OBSERVATION:\n" + str({"text": "Regular 3.49 9/10\nSupreme 3.65 9/10"}) + SUFFIX,
    "observation-image.txt": "OBSERVATION:\n" + str({"image": "image-3: <image>"}) + SUFFIX,
    "observation-failure-zero-division.txt": "Execution failed with <class 'ZeroDivisionError'>: division by zero." + SUFFIX,
    "observation-no-action.txt": "OBSERVATION:\n" + str({"message": "No action has been provided. Proceed to the next step."}) + SUFFIX,
    "parse-error-json-missing-comma.txt": parse_error_json('```json\n{"thought": "read it", "actions": [{"name": "OCR" "arguments": {"image": "image-0"}}]}\n```'),
    "parse-error-json-single-quotes.txt": parse_error_json("{'thought': 'read it', 'actions': []}"),
    "parse-error-other-missing-name.txt": "OBSERVATION:\n" + 'The action has no "name". The output must be a JSON object such as {"thought": "...", "actions": [{"name": "...", "arguments": {...}}]}.' + OTHER_FIX,
}

BBOX = ("It should be a list of [left, top, right, bottom], where each value is a float between 0 and 1 to represent "
        "the percentage of the image width/height and how far it is from the top left corner at [0, 0]")

# Full prompt with OCR and Calculate offered: our action texts (src/Taco.Tools, Terminate in src/Taco.Agent) and our examples.
ACTIONS = [
    ("OCR", "Extract texts from an image or return an empty string if no text is in the image. Note that the texts extracted may be incorrect or in the wrong order. It should be used as a reference only.",
     {"image": "the image to extract texts from"}, {"text": "the texts extracted from the image"}, [{"image": "image-0"}]),
    ("EstimateRegionDepth", "Estimate the depth of a region in an image using DepthAnything model. It returns an estimated depth value of the region specified by the input bounding box. The smaller the value is, the closer the region is to the camera, and the larger the farther. This tool may help you to better reason about the spatial relationship, like which object is closer to the camera.",
     {"image": "the image to get the depth from", "bbox": "the bbox of the region to get the depth from. " + BBOX},
     {"depth": "the estimated depth of the region"}, [{"image": "image-0", "bbox": [0.3, 0.2, 0.5, 0.4]}]),
    ("Crop", "Crop an image with the bounding box. It labels the cropped region with a bounding box and crops the region with some margins around the bounding box to help with contextual understanding of the region.",
     {"image": "the image to crop", "bbox": "the bbox to crop. " + BBOX},
     {"image": "the cropped image"}, [{"image": "image-0", "bbox": [0.33, 0.21, 0.58, 0.46]}]),
    ("ZoomIn", "Zoom in on a region of the input image. This tool first crops the specified region from the image with the bounding box and then resizes the cropped region to create the zoom effect. It also adds some margins around the cropped region to help with contextual understanding of the region.",
     {"image": "the image to zoom in on", "bbox": "The bbox should be a list of [left, top, right, bottom], where each value is a float between 0 and 1 to represent the percentage of the image width/height and how far it is from the top left corner at [0, 0]",
      "zoom_factor": "the factor to zoom in by. It should be greater than 1"},
     {"image": "the zoomed in image"}, [{"image": "image-0", "bbox": [0.4, 0.3, 0.5, 0.4], "zoom_factor": 2}]),
    ("Calculate", "Calculate a math expression.", {"expression": "the math expression to calculate"},
     {"result": "the result of the calculation"}, [{"expression": "50 / 3.65"}, {"expression": "(12.5 + 7.25) * 3"}]),
    ("Terminate", "Conclude the task and give the final answer.", {"answer": "the final answer"},
     {"answer": "the final answer"}, [{"answer": "yes"}]),
]
DEMOS = [
    ("In image-0, what is the total of the two prices on the receipt? Please answer with a number.", [
        ("To add the prices, I first need to read them from the receipt.", "OCR", {"image": "image-0"}, {"text": "Coffee 3.45\nMuffin 2.80"}),
        ("The receipt lists 3.45 and 2.80. I will add them.", "Calculate", {"expression": "3.45 + 2.80"}, {"result": 6.25}),
        ("The total is 6.25.", "Terminate", {"answer": "6.25"}, None)]),
    ("Based on image-0, is there a cat on the sofa? Please answer yes or no.", [
        ("Looking at the image, a cat is curled up on the sofa.", "Terminate", {"answer": "yes"}, None)]),
    ("The sign in image-0 says each box holds 12 apples. How many apples are in 7 boxes?", [
        ("Seven boxes of 12 apples each: I multiply 12 by 7.", "Calculate", {"expression": "12 * 7"}, {"result": 84}),
        ("There are 84 apples.", "Terminate", {"answer": "84"}, None)]),
    ("In image-0, which is closer to the camera, the bicycle on the left or the bench on the right?", [
        ("I will estimate the depth of the bicycle's region first.", "EstimateRegionDepth", {"image": "image-0", "bbox": [0.05, 0.45, 0.35, 0.9]}, {"depth": 0.21}),
        ("Now the depth of the bench's region.", "EstimateRegionDepth", {"image": "image-0", "bbox": [0.6, 0.5, 0.95, 0.75]}, {"depth": 0.58}),
        ("The bicycle's depth (0.21) is smaller than the bench's (0.58), so the bicycle is closer.", "Terminate", {"answer": "the bicycle"}, None)]),
    ("What is the price on the small tag in the lower right of image-0?", [
        ("The tag is small; I will zoom in on it first.", "ZoomIn", {"image": "image-0", "bbox": [0.7, 0.75, 0.9, 0.9], "zoom_factor": 3}, {"image": "image-1: <image>"}),
        ("Now I read the text of the zoomed tag.", "OCR", {"image": "image-1"}, {"text": "SALE $4.99"}),
        ("The tag says $4.99.", "Terminate", {"answer": "$4.99"}, None)]),
]


def full_prompt(offered):
    s = ("[BEGIN OF GOAL]\nYou are a helpful assistant, and your goal is to solve the # USER REQUEST #. You can either rely on "
         "your own capabilities or perform actions with external tools to help you. A list of all available actions are "
         "provided to you in the below.\n[END OF GOAL]\n\n")
    s += "[BEGIN OF ACTIONS]\n"
    for name, desc, args, rets, examples in ACTIONS:
        if name not in offered:
            continue
        s += f"Name: {name}\nDescription: {desc}\nArguments: {json.dumps(args)}\nReturns: {json.dumps(rets)}\nExamples:\n"
        for ex in examples:
            s += json.dumps({"name": name, "arguments": ex}) + "\n"
        s += "\n"
    s += "[END OF ACTIONS]\n\n"
    s += ("[BEGIN OF TASK INSTRUCTIONS]\n1. You must only select actions from # ACTIONS #.\n2. You can only call one action at a time.\n"
          "3. If no action is needed, please make actions an empty list (i.e. “actions”: []).\n4. You must always call Terminate with your final answer at the end.\n"
          "[END OF TASK INSTRUCTIONS]\n\n")
    s += ("[BEGIN OF FORMAT INSTRUCTIONS]\nYour output should be in a strict JSON format as follows:\n"
          '{"thought": "the thought process, or an empty string", "actions": [{"name": "action1", "arguments": {"argument1": "value1", "argument2": "value2"}}]}\n'
          "[END OF FORMAT INSTRUCTIONS]\n\n")
    s += "[BEGIN OF EXAMPLES]:\n"
    for req, steps in DEMOS:
        if not all(a in offered for _, a, _, _ in steps):
            continue
        s += f"# USER REQUEST #:\n {req}\n# RESPONSE #:\n"
        for thought, action, args, observation in steps:
            s += json.dumps({"thought": thought, "actions": [{"name": action, "arguments": args}]}) + "\n"
            if observation:
                s += "OBSERVATION:\n" + json.dumps(observation) + "\n"
        s += "\n"
    s += "[END OF EXAMPLES]\n"
    return s


goldens["full-prompt-ocr-calculate.txt"] = full_prompt({"OCR", "Calculate", "Terminate"})
goldens["full-prompt-calculate-only.txt"] = full_prompt({"Calculate", "Terminate"})
# Every tool taco registers (taco tools list), as `taco ask` offers them by default.
ALL_TOOLS = {"OCR", "EstimateRegionDepth", "Crop", "ZoomIn", "Calculate", "Terminate"}
goldens["short-prompt-all-tools.txt"] = SHORT.format("OCR, EstimateRegionDepth, Crop, ZoomIn, Calculate, Terminate")
goldens["full-prompt-all-tools.txt"] = full_prompt(ALL_TOOLS)

# taco-tiny: the taco texts, but OCR shows its regions (bbox and text, no confidence) beside the text.
# The default model is trained on exactly these bytes: they must never drift.
goldens["taco-tiny-first-turn-all-tools.txt"] = (SHORT.format("OCR, EstimateRegionDepth, Crop, ZoomIn, Calculate, Terminate")
                                                 + request_chat(1, "Which sign is closer to the camera, B or D?"))
goldens["taco-tiny-observation-ocr.txt"] = "OBSERVATION:\n" + str({"regions": [
    {"bbox": [0.1, 0.2, 0.9, 0.3], "text": "Regular 3.49 9/10"},
    {"bbox": [0.1, 0.35, 0.9, 0.45], "text": "Supreme 3.65 9/10"},
    {"bbox": [0.12, 0.5, 0.88, 0.61], "text": "Diesel 'ULSD' 3.89"}],
    "text": "Regular 3.49 9/10\nSupreme 3.65 9/10\nDiesel 'ULSD' 3.89"}) + SUFFIX

# taco: what a TACO checkpoint's user turn holds at steps one, two and three of a run that calculates,
# then replies with no action, then answers (tests/Taco.Agent.Tests/Protocol/TranscriptGoldenTests.cs).
CALC_REPLY = '{"thought": "Supreme costs $3.65 per gallon, so I divide $50 by $3.65.", "actions": [{"name": "Calculate", "arguments": {"expression": "50 / 3.65"}}]}'
EMPTY_REPLY = '{"thought": "About 13.7 gallons.", "actions": []}'
SYSTEM = SHORT.format("OCR, Calculate, Terminate")
RUN = [("user", request(1, GAS)),
       ("assistant", CALC_REPLY), ("user", "OBSERVATION:\n" + str({"result": 50 / 3.65}) + SUFFIX),
       ("assistant", EMPTY_REPLY), ("user", "OBSERVATION:\n" + str({"message": "No action has been provided. Proceed to the next step."}) + SUFFIX)]
goldens["taco-transcript-step-1.txt"] = transcript(SYSTEM, RUN[:1])
goldens["taco-transcript-step-2.txt"] = transcript(SYSTEM, RUN[:3])
goldens["taco-transcript-step-3.txt"] = transcript(SYSTEM, RUN[:5])

os.makedirs(GOLDENS, exist_ok=True)
for name, text in goldens.items():
    with open(os.path.join(GOLDENS, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)
print(f"{len(values)} repr rows, {len(texts)} json.loads rows, {len(goldens)} goldens")
