"""What taco-tiny's training and taco's runtime must agree on: the protocol texts of the
`taco-tiny` profile, the chat template, the special tokens and the image preprocessing.

The texts are taco's own constants (src/Taco.Agent/Protocol/TacoStrings.cs); a C# test
checks that a conversation rendered here equals what taco renders for the same messages.
"""
import json
import os

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
CACHE = os.path.join(os.environ.get("TACO_CACHE_DIR") or os.path.expanduser("~/.cache/taco"), "taco-tiny")

ACTIONS = ["OCR", "EstimateRegionDepth", "Crop", "ZoomIn", "Calculate", "Terminate"]
SHORT_GOAL = ("[BEGIN OF GOAL] You are a helpful assistant, and your goal is to solve the # USER REQUEST #. "
              "You can either rely on your own capabilities or perform actions with external tools to help you. "
              "You can use these actions: " + ", ".join(ACTIONS) + " [END OF GOAL]")
REQUEST_START = "\n# USER REQUEST #:\n"
REQUEST_END = "\nNow please generate your response:\n"
OBS_PREFIX = "OBSERVATION:\n"
OBS_SUFFIX = ("\nThe OBSERVATION can be incomplete or incorrect, so please be critical and decide how to make use "
              "of it. If you've gathered sufficient information to answer the question, call Terminate with the "
              "final answer. Now, please generate the response for the next step.")

ENDOFTEXT, IM_START, IM_END, IMAGE = "<|endoftext|>", "<|im_start|>", "<|im_end|>", "<image>"
SPECIALS = [ENDOFTEXT, IM_START, IM_END, IMAGE]

CHAT_TEMPLATE = ("{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' }}"
                 "{% if message['content'] is string %}{{ message['content'] }}{% else %}"
                 "{% for part in message['content'] %}{% if part['type'] == 'image' %}{{ '<image>' }}"
                 "{% elif part['type'] == 'text' %}{{ part['text'] }}{% endif %}{% endfor %}{% endif %}"
                 "{{ '<|im_end|>\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")

# Vision: CLIP-style preprocessing to IMAGE_SIZE, conv patchify PATCH -> (IMAGE_SIZE/PATCH)^2 tokens.
IMAGE_SIZE = 64
PATCH = 16
IMAGE_TOKENS = (IMAGE_SIZE // PATCH) ** 2
MEAN = [0.48145466, 0.4578275, 0.40821073]
STD = [0.26862954, 0.26130258, 0.27577711]


def first_turn(question, image_count=1):
    return SHORT_GOAL + REQUEST_START + "".join(f"image-{i}: <image>\n" for i in range(image_count)) + question + REQUEST_END


def observation(result_repr):
    return OBS_PREFIX + result_repr + OBS_SUFFIX


def reply(thought, name=None, arguments=None):
    actions = [] if name is None else [{"name": name, "arguments": arguments}]
    return json.dumps({"thought": thought, "actions": actions}, ensure_ascii=False)


def render_chat(messages):
    """ChatML as CHAT_TEMPLATE writes it; `messages` are {role, text}. Returns a list of
    (text, trained) segments: the assistant replies and their <|im_end|> are trained."""
    segs = []
    for m in messages:
        if m["role"] == "assistant":
            segs.append((IM_START + "assistant\n", False))
            segs.append((m["text"] + IM_END, True))
            segs.append(("\n", False))
        else:
            segs.append((IM_START + m["role"] + "\n" + m["text"] + IM_END + "\n", False))
    return segs


def preprocess(img):
    """CLIPImageProcessor as preprocessor_config.json says: RGB, shortest edge to IMAGE_SIZE
    (PIL bicubic), centre crop, rescale, normalize; CHW float32."""
    img = img.convert("RGB")
    w, h = img.size
    s = IMAGE_SIZE
    if w <= h:
        nw, nh = s, int(s * h / w)
    else:
        nw, nh = int(s * w / h), s
    img = img.resize((nw, nh), Image.BICUBIC)
    top, left = (nh - s) // 2, (nw - s) // 2
    img = img.crop((left, top, left + s, top + s))
    a = np.asarray(img, dtype=np.float64) / 255.0
    a = (a - np.array(MEAN)) / np.array(STD)
    return a.transpose(2, 0, 1).astype(np.float32)
