// Chat templates written for this test set (the three packaged tokenizers ship at most one
// text-only template each). They follow the shapes of vision-language chat templates
// (content lists with image parts) and exercise the Jinja features real templates use.

// Qwen2-VL shaped: content is a string or a list of {type: image|video|text} parts.
export const VL_IM_START = `{% set image_count = namespace(value=0) %}{% set video_count = namespace(value=0) %}
{%- for message in messages -%}
{%- if loop.first and message['role'] != 'system' -%}<|im_start|>system
You are a helpful assistant.<|im_end|>
{% endif -%}
<|im_start|>{{ message['role'] }}
{% if message['content'] is string -%}
{{ message['content'] }}<|im_end|>
{% else -%}
{%- for content in message['content'] -%}
{%- if content['type'] == 'image' or 'image' in content or 'image_url' in content -%}
{%- set image_count.value = image_count.value + 1 -%}
{%- if add_vision_id %}Picture {{ image_count.value }}: {% endif -%}
<|vision_start|><|image_pad|><|vision_end|>
{%- elif content['type'] == 'video' or 'video' in content -%}
{%- set video_count.value = video_count.value + 1 -%}
{%- if add_vision_id %}Video {{ video_count.value }}: {% endif -%}
<|vision_start|><|video_pad|><|vision_end|>
{%- elif 'text' in content -%}
{{ content['text'] }}
{%- endif -%}
{%- endfor %}<|im_end|>
{% endif -%}
{%- endfor -%}
{%- if add_generation_prompt -%}<|im_start|>assistant
{% endif -%}`;

// Idefics3 / SmolVLM shaped, on Llama-3 header tokens: capitalised roles, image parts as <image>.
export const VL_HEADERS = `{{ bos_token }}{% for message in messages %}{{ '<|start_header_id|>' + message['role'] | capitalize + '<|end_header_id|>' }}
{%- if message['content'] is string %}{{ '\\n\\n' + message['content'] | trim }}
{%- else %}{{ '\\n\\n' }}{% for line in message['content'] %}
{%- if line['type'] == 'text' %}{{ line['text'] }}{% elif line['type'] == 'image' %}{{ '<image>' }}{% endif %}
{%- endfor %}{% endif %}{{ '<|eot_id|>' }}{% endfor %}
{%- if add_generation_prompt %}{{ '<|start_header_id|>Assistant<|end_header_id|>\\n\\n' }}{% endif %}`;

// Llama-2 [INST] shaped, for the SentencePiece tokenizer; exercises slicing, raise_exception,
// loop.index0 arithmetic, string methods and the `is defined` test.
export const INST = `{%- if messages[0]['role'] == 'system' -%}
{%- set loop_messages = messages[1:] -%}{%- set system_message = messages[0]['content'] -%}
{%- else -%}{%- set loop_messages = messages -%}{%- set system_message = false -%}{%- endif -%}
{%- for message in loop_messages -%}
{%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) -%}
{{- raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') -}}
{%- endif -%}
{%- if loop.index0 == 0 and system_message != false -%}
{%- set content = '<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] -%}
{%- else -%}{%- set content = message['content'] -%}{%- endif -%}
{%- if message['role'] == 'user' -%}
{{- bos_token + '[INST] ' + content.strip() + ' [/INST]' -}}
{%- elif message['role'] == 'assistant' -%}
{{- ' ' + content.strip() + ' ' + eos_token -}}
{%- endif -%}
{%- endfor -%}`;

// A feature sampler: filters, tests, loop variables, dict/list methods, tojson.
export const FEATURES = `{%- set ns = namespace(total=0, names=[]) -%}
{%- for m in messages -%}
{%- set ns.total = ns.total + m.content | length -%}
[{{ loop.index }}/{{ loop.length }}{% if loop.first %} first{% endif %}{% if loop.last %} last{% endif %} rev={{ loop.revindex0 }}]
{{- ' ' + m.role | upper + ': ' -}}
{%- if m.content is string -%}
{{ m.content | replace('\\n', ' / ') | trim }}|{{ m.content.upper() }}|{{ m.content.lower() | title }}|{{ m.content.split(' ') | length }}
{%- else -%}
{%- for part in m.content -%}{{ part.type }}{{ ':' + part.text if part.text is defined else '' }}{{ ', ' if not loop.last }}{%- endfor -%}
{%- endif %}
{% endfor -%}
total={{ ns.total }} roles={{ messages | map(attribute='role') | join(',') }}
{%- if tools is defined and tools is not none %}
tools={{ tools | tojson }}
first_tool={{ tools[0]['function']['name'] | default('none') }}
{%- endif %}
{%- if add_generation_prompt %}
>>> {{ 'assistant' | capitalize }}:{% endif %}`;

// Macros, filter blocks, dict and list helpers, numbers and JSON formatting.
export const MACROS = `{%- macro turn(role, text, sep=': ', upper=false) -%}
{{ role | upper if upper else role }}{{ sep }}{{ text }}
{%- endmacro -%}
{%- set info = {'count': messages | length, 'ratio': (messages | length) / 4, 'half': (messages | length) // 2, 'pi': 3.0, 'neg': -2} -%}
{%- for k, v in info | dictsort -%}{{ k }}={{ v }}{{ ';' if not loop.last }}{%- endfor %}
{% for m in messages -%}
{{ turn(m.role, m.content if m.content is string else m.content | map(attribute='type') | join('+'), upper=loop.first) }}
{%- if loop.previtem is defined %} (after {{ loop.previtem.role }}){% endif %}
{% endfor -%}
{%- filter upper %}shouted {{ messages[0].role }}{% endfilter %}
users={{ messages | selectattr('role', 'equalto', 'user') | list | length }}
rev={{ messages[0].role[::-1] }} slice={{ messages[1:3] | map(attribute='role') | join(',') }}
tilde={{ 1 ~ 'a' ~ 2.5 }} missing={{ missing | default('dflt') }} in={{ 'role' in messages[0] }} mapping={{ messages[0] is mapping }}
json={{ {'a': [1, 2.5, none, true], 'b': 'x"y'} | tojson(indent=2) }}
keys={{ messages[0].keys() | join(',') }} items={{ (messages[0].items() | list)[0] | join('=') }}
{%- set ns = namespace(found=false) %}{% for m in messages if m.role == 'assistant' %}{% set ns.found = true %}{% endfor %}
assistant={{ ns.found }} range={{ range(3) | join }} neg={{ -info.neg }} pow={{ 2 ** 10 }} mod={{ 7 % 3 }} float={{ 7 / 2 }}
{%- if add_generation_prompt %}
{{ turn('assistant', '', sep=':') }}{% endif %}`;

// DeepSeek-V3 shaped: a string concatenated with message content that may be a list of parts, and
// other string + list / dict mixes, which the reference renders by JavaScript's String() of the values.
export const CONCAT = `{%- for m in messages -%}
{{ '<|' + m.role + '|>' + m.content }}
{% endfor -%}
mixed={{ 'a' + [1.0, none, true, 'b'] }}|{{ 'a' ~ [[none, 2.5], {'k': missing}] }}|{{ 'a' + {'k': 'v'} }}|{{ [1, 2] + 'b' }}
join={{ [[1.0, none], {'k': 'v'}, 'x'] | join('/') }}
{%- if add_generation_prompt %}
<|Assistant|>{% endif %}`;

export const TEMPLATES = { vl_im_start: VL_IM_START, vl_headers: VL_HEADERS, inst: INST, features: FEATURES, macros: MACROS, concat: CONCAT };
