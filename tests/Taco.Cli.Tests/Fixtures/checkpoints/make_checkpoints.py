"""Writes the two checkpoint-shaped fixture directories the TACO-family print-prompt tests read.

Each holds what taco reads to render a prompt without loading graphs: config.json (model_type, architectures and
_name_or_path as the released checkpoint has them), preprocessor/processor configs, a small byte-level BPE
tokenizer.json (the 256 byte symbols, no merges, the family's special tokens as added tokens) and a
tokenizer_config.json whose chat template renders what the reference runtime builds for that family:

- mantis-llama3-taco: Mantis' conversation template `llama_3` (mantis/models/conversation.py, conv_llama_3) as
  chat_mllava uses it for Llama-3 models: its own system turn ("A chat between a curious human ..."), the user turn,
  the open assistant turn, each <image> written as MLlavaProcessor does, "(image {n}: <Image><image></Image>)", and
  the tokenizer's BOS in front.
- qwen2-llava-ov-taco: the Qwen format of preprocess_qwen (autogen/agentchat/contrib/llava_agent.py) with the system
  message "You are a helpful assistant."; it puts a newline after every image, which the template writes.

Run with python3 from this folder; the tests never run it.
"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "..", "..", "models", "recipes", "tiny_vlm"))
import bpe  # noqa: E402  (the tiny models' tokenizer writer)


def tokenizer(specials):
    # The 256 byte symbols and no merges: every text encodes, one id per byte, specials as added tokens from 256 on.
    return bpe.Tokenizer({bpe.BYTE_TO_CHAR[b]: b for b in range(256)}, [], specials).to_json()


MANTIS_SYSTEM = ("A chat between a curious human and an artificial intelligence assistant. "
                 "The assistant gives helpful, detailed, and polite answers to the human's questions.")

MANTIS_TEMPLATE = (
    "{{ bos_token }}"
    "{% if messages[0]['role'] == 'system' %}{% set system = messages[0]['content'] %}{% set turns = messages[1:] %}"
    "{% else %}{% set system = '" + MANTIS_SYSTEM.replace("'", "\\'") + "' %}{% set turns = messages %}{% endif %}"
    "{{ '<|start_header_id|>system<|end_header_id|>\n\n' + system + '<|eot_id|>' }}"
    "{% for message in turns %}"
    "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n' }}"
    "{% for piece in message['content'].split('<image>') %}"
    "{% if not loop.first %}{{ '(image ' + (loop.index0 | string) + ': <Image><image></Image>)' }}{% endif %}{{ piece }}"
    "{% endfor %}"
    "{{ '<|eot_id|>' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}"
)

QWEN_TEMPLATE = (
    "{% for message in messages %}"
    "{% if loop.first and message['role'] != 'system' %}{{ '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n' }}{% endif %}"
    "{{ '<|im_start|>' + message['role'] + '\n' + (message['content'] | replace('<image>', '<image>\n')) + '<|im_end|>\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

SIGLIP_PREPROCESSOR = {
    "processor_class": "LlavaProcessor", "image_processor_type": "CLIPImageProcessor", "do_convert_rgb": True,
    "do_resize": True, "size": {"shortest_edge": 384}, "resample": 3, "do_center_crop": True,
    "crop_size": {"height": 384, "width": 384}, "do_rescale": True, "rescale_factor": 1 / 255, "do_normalize": True,
    "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5],
}

MODELS = {
    "mantis-llama3-taco": {
        "specials": ["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>", "<image>"],
        "config": {
            "_name_or_path": "Salesforce/llama3-siglip-mantis-taco-8b",
            "architectures": ["LlavaForConditionalGeneration"], "model_type": "llava", "image_token_index": 261,
            "vision_feature_select_strategy": "full",
            "text_config": {"_name_or_path": "meta-llama/Meta-Llama-3-8B-Instruct", "model_type": "llama", "vocab_size": 262,
                            "max_position_embeddings": 8192, "eos_token_id": 260},
            "vision_config": {"model_type": "siglip_vision_model", "image_size": 384, "patch_size": 14},
        },
        "tokenizer_config": {"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>", "chat_template": MANTIS_TEMPLATE},
    },
    "qwen2-llava-ov-taco": {
        "specials": ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<image>"],
        "config": {
            "_name_or_path": "Salesforce/qwen2-siglip-llava-ov-taco-7b",
            "architectures": ["LlavaQwenForCausalLM"], "model_type": "llava", "image_token_index": 259,
            "vision_feature_select_strategy": "full",
            "vocab_size": 260, "max_position_embeddings": 32768, "eos_token_id": 258,
            "vision_config": {"model_type": "siglip_vision_model", "image_size": 384, "patch_size": 14},
        },
        "tokenizer_config": {"bos_token": None, "eos_token": "<|im_end|>", "chat_template": QWEN_TEMPLATE},
    },
}

for name, m in MODELS.items():
    folder = os.path.join(here, name)
    os.makedirs(folder, exist_ok=True)
    files = {
        "config.json": m["config"],
        "preprocessor_config.json": SIGLIP_PREPROCESSOR,
        "processor_config.json": {"processor_class": "LlavaProcessor", "image_token": "<image>", "patch_size": 14,
                                  "num_additional_image_tokens": 0, "vision_feature_select_strategy": "full"},
        "tokenizer.json": tokenizer(m["specials"]),
        "tokenizer_config.json": {"tokenizer_class": "PreTrainedTokenizerFast", "add_bos_token": False, "add_eos_token": False,
                                  "clean_up_tokenization_spaces": False, **m["tokenizer_config"]},
    }
    for file, content in files.items():
        with open(os.path.join(folder, file), "w", encoding="utf-8", newline="\n") as f:
            json.dump(content, f, ensure_ascii=False, indent=1 if file != "tokenizer.json" else None)
            f.write("\n")
print("wrote", ", ".join(MODELS))
