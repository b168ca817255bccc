// Checks the tiny VLMs' tokenizer.json, decoding and chat templates against
// transformers.js (its own BPE + Jinja implementation). Separate from
// check_vlm.mjs because transformers.js brings its own onnxruntime-node.
//   NODE_PATH=<dir>/node_modules node models/recipes/verify/check_tokenizers.mjs
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const modelsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let failures = 0;
const fail = (msg) => { failures++; console.log('  FAIL ' + msg); };
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

async function checkTokenizer(name) {
  const { AutoTokenizer, env } = require('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.localModelPath = modelsDir + path.sep;
  const tok = await AutoTokenizer.from_pretrained(name);
  const gdir = path.join(modelsDir, 'goldens', name);
  for (const c of JSON.parse(fs.readFileSync(path.join(gdir, 'tokenizer_cases.json')))) {
    const ids = tok.encode(c.text, { add_special_tokens: false });
    if (!same(ids, c.ids)) fail(`${name} tokenizer: ${JSON.stringify(c.text)} -> ${ids} vs ${c.ids}`);
    const dec = tok.decode(c.ids);
    if (dec !== c.decoded) fail(`${name} decode: ${JSON.stringify(dec)} vs ${JSON.stringify(c.decoded)}`);
  }
  const summary = JSON.parse(fs.readFileSync(path.join(gdir, 'summary.json')));
  for (const caseFile of summary.variants.fp32.cases) {
    const g = JSON.parse(fs.readFileSync(path.join(gdir, 'fp32', caseFile)));
    for (const t of g.turns ?? [g]) {
      const text = t.expanded_prompt ?? t.new_text_expanded;
      const ids = tok.encode(text, { add_special_tokens: false });
      if (!same(ids, t.input_ids ?? t.new_input_ids)) fail(`${name} ${g.name} prompt ids differ`);
      if (t.generated_text !== undefined && tok.decode(t.generated_ids) !== t.generated_text) {
        fail(`${name} ${g.name} generated_text differs: ${JSON.stringify(tok.decode(t.generated_ids))}`);
      }
    }
    for (const t of g.turns ?? [g]) {
      if (!t.messages) continue;
      const rendered = tok.apply_chat_template(t.messages, { tokenize: false, add_generation_prompt: true });
      const want = t.prompt ?? t.new_text;
      if (rendered !== want) fail(`${name} chat template: ${JSON.stringify(rendered)} vs ${JSON.stringify(want)}`);
    }
  }
  console.log(`${name} tokenizer + chat template checked against transformers.js`);
}

for (const name of ['tiny-llava', 'tiny-idefics3']) await checkTokenizer(name);
console.log(failures === 0 ? 'ALL OK' : `${failures} FAILURES`);
process.exit(failures === 0 ? 0 : 1);
