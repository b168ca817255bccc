// Replays the tiny VLM goldens through ONNX Runtime (onnxruntime-node) exactly as
// models/recipes/tiny_vlm/README.md prescribes. A cross-check of the recipe, not
// a test of taco.  NODE_PATH=<dir>/node_modules node models/recipes/verify/check_vlm.mjs
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node');
const modelsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const repoDir = path.join(modelsDir, '..');
let failures = 0;
const fail = (msg) => { failures++; console.log('  FAIL ' + msg); };

function readF32(file) {
  const b = fs.readFileSync(file);
  return new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4);
}

async function session(dir, name) {
  return ort.InferenceSession.create(path.join(dir, 'onnx', name), { intraOpNumThreads: Number(process.env.ORT_THREADS ?? 1) });
}

class Engine {
  constructor(dir, variant, cfg) {
    this.dir = dir; this.variant = variant; this.cfg = cfg;
  }
  async load() {
    const sfx = this.variant === 'fp16' ? '_fp16' : '';
    this.vision = await session(this.dir, `vision_encoder${sfx}.onnx`);
    this.embed = await session(this.dir, `embed_tokens${sfx}.onnx`);
    this.dec = await session(this.dir, `decoder_model_merged${sfx}.onnx`);
    this.reset();
  }
  reset() {
    const t = this.cfg.text_config;
    const kvType = this.variant === 'fp16' ? 'float16' : 'float32';
    this.past = {};
    for (let i = 0; i < t.num_hidden_layers; i++) {
      for (const kv of ['key', 'value']) {
        const data = kvType === 'float16' ? new Uint16Array(0) : new Float32Array(0);
        this.past[`past_key_values.${i}.${kv}`] = new ort.Tensor(kvType, data, [1, t.num_key_value_heads, 0, t.head_dim]);
      }
    }
    this.length = 0;
    this.processed = 0;
  }
  async step(ids, imageFeeds) {
    const hidden = this.cfg.text_config.hidden_size;
    const idT = new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
    const emb = (await this.embed.run({ input_ids: idT })).inputs_embeds;
    const e = Float32Array.from(emb.data);
    const imageTokenId = this.cfg.image_token_index ?? this.cfg.image_token_id;
    const slots = ids.map((t, i) => (t === imageTokenId ? i : -1)).filter((i) => i >= 0);
    if (imageFeeds) {
      const feats = (await this.vision.run(imageFeeds)).image_features;
      if (feats.data.length !== slots.length * hidden) throw new Error(`features ${feats.dims} vs ${slots.length} image tokens`);
      slots.forEach((pos, k) => e.set(feats.data.subarray(k * hidden, (k + 1) * hidden), pos * hidden));
    }
    const total = this.length + ids.length;
    const feeds = {
      inputs_embeds: new ort.Tensor('float32', e, [1, ids.length, hidden]),
      attention_mask: new ort.Tensor('int64', new BigInt64Array(total).fill(1n), [1, total]),
      position_ids: new ort.Tensor('int64', BigInt64Array.from({ length: ids.length }, (_, i) => BigInt(this.length + i)), [1, ids.length]),
      ...this.past,
    };
    const out = await this.dec.run(feeds);
    for (const k of Object.keys(this.past)) this.past[k] = out[k.replace('past_key_values', 'present')];
    this.length = total;
    this.processed += ids.length;
    const V = this.cfg.text_config.vocab_size;
    return out.logits.data.slice((ids.length - 1) * V, ids.length * V);
  }
  async greedy(first, eos, maxNew) {
    let logits = first; const gen = [];
    for (;;) {
      let best = 0; for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
      gen.push(best);
      if (eos.includes(best) || gen.length === maxNew) return gen;
      logits = await this.step([best]);
    }
  }
}

function imageFeeds(golden, dir) {
  const px = golden.pixel_values;
  const feeds = { pixel_values: new ort.Tensor('float32', readF32(path.join(dir, px.file)), px.shape) };
  if (golden.pixel_attention_mask) {
    const s = golden.pixel_attention_mask.shape;
    feeds.pixel_attention_mask = new ort.Tensor('bool', new Uint8Array(s.reduce((a, b) => a * b)).fill(1), s);
  }
  return feeds;
}

function maxDiff(a, b) { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i])); return m; }
const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

async function checkModel(name) {
  const dir = path.join(modelsDir, name);
  const gdir = path.join(modelsDir, 'goldens', name);
  const cfg = JSON.parse(fs.readFileSync(path.join(dir, 'config.json')));
  const summary = JSON.parse(fs.readFileSync(path.join(gdir, 'summary.json')));
  for (const variant of Object.keys(summary.variants)) {
    const vdir = path.join(gdir, variant);
    const eng = new Engine(dir, variant, cfg);
    await eng.load();
    for (const caseFile of summary.variants[variant].cases) {
      const g = JSON.parse(fs.readFileSync(path.join(vdir, caseFile)));
      eng.reset();
      const turns = g.turns ?? [{ ...g, new_input_ids: g.input_ids }];
      let prevGen = null;
      for (const [k, t] of turns.entries()) {
        const ids = prevGen ? [prevGen.at(-1), ...t.new_input_ids] : t.new_input_ids;
        const before = eng.processed;
        const first = await eng.step(ids, imageFeeds(t, vdir));
        const d = maxDiff(first, readF32(path.join(vdir, t.first_step_logits.file)));
        const gen = await eng.greedy(first, summary.eos_token_ids, summary.max_new_tokens);
        const ok = same(gen, t.generated_ids);
        console.log(`${name} ${variant} ${g.name} turn${k + 1}: tokens processed ${eng.processed - before - gen.length + 1}, max|dlogit| ${d.toExponential(2)}, ids ${ok ? 'equal' : 'DIFFER'}`);
        if (d > 1e-4) fail(`${name} ${variant} ${g.name}: logits differ by ${d}`);
        if (!ok) fail(`${name} ${variant} ${g.name}: ${gen} vs ${t.generated_ids}`);
        prevGen = gen;
      }
    }
  }
}

for (const name of ['tiny-llava', 'tiny-idefics3']) {
  await checkModel(name);
}
console.log(failures === 0 ? 'ALL OK' : `${failures} FAILURES`);
process.exit(failures === 0 ? 0 : 1);
