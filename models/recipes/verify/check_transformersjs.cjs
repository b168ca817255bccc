// Loads the tiny VLM directories with transformers.js (the wider ecosystem's
// loader) and checks: chat template + processor prompt expansion give the golden
// input_ids, and generate() with the golden pixel_values gives the golden ids.
// Also reports how far transformers.js's own image preprocessing (sharp resize)
// is from the goldens' PIL-based pixel_values.
//   NODE_PATH=<dir>/node_modules node models/recipes/verify/check_transformersjs.cjs
const fs = require('fs');
const path = require('path');
const tf = require('@huggingface/transformers');

const modelsDir = path.join(__dirname, '..', '..');
tf.env.allowRemoteModels = false;
tf.env.localModelPath = modelsDir + path.sep;
let failures = 0;
const fail = (m) => { failures++; console.log('  FAIL ' + m); };

(async () => {
  const families = [['tiny-llava', tf.LlavaForConditionalGeneration], ['tiny-idefics3', tf.Idefics3ForConditionalGeneration]];
  for (const [name, cls] of families) {
    for (const dtype of ['fp32', 'fp16']) {
      const processor = await tf.AutoProcessor.from_pretrained(name);
      const model = await cls.from_pretrained(name, { dtype });
      const g = JSON.parse(fs.readFileSync(path.join(modelsDir, 'goldens', name, dtype, 'single_image.json')));
      const image = await tf.RawImage.read(path.join(modelsDir, '..', g.images[0]));
      const text = processor.apply_chat_template(g.messages, { add_generation_prompt: true });
      // transformers.js 3.x: LlavaProcessor takes (images, text), Idefics3Processor (text, images)
      const inputs = name === 'tiny-llava' ? await processor(image, text) : await processor(text, image);
      const ids = Array.from(inputs.input_ids.data, Number);
      if (text !== g.prompt) fail(`${name}: chat template differs`);
      if (JSON.stringify(ids) !== JSON.stringify(g.input_ids)) fail(`${name}: input_ids differ`);
      const b = fs.readFileSync(path.join(modelsDir, 'goldens', name, dtype, g.pixel_values.file));
      const gold = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
      const pv = inputs.pixel_values.data;
      if (JSON.stringify(inputs.pixel_values.dims) !== JSON.stringify(g.pixel_values.shape)) fail(`${name}: pixel_values shape ${inputs.pixel_values.dims}`);
      let max = 0, sum = 0;
      for (let i = 0; i < pv.length; i++) { const d = Math.abs(pv[i] - gold[i]); max = Math.max(max, d); sum += d; }
      inputs.pixel_values = new tf.Tensor('float32', gold, g.pixel_values.shape);
      const out = await model.generate({ ...inputs, max_new_tokens: 32, do_sample: false });
      const gen = Array.from(out.data, Number).slice(ids.length);
      const same = JSON.stringify(gen) === JSON.stringify(g.generated_ids);
      if (!same) fail(`${name} ${dtype}: generated ${gen} vs ${g.generated_ids}`);
      console.log(`${name} ${dtype}: prompt/input_ids ${text === g.prompt ? 'equal' : 'DIFFER'}, generated ids ${same ? 'equal' : 'DIFFER'}; ` +
        `transformers.js pixel_values vs golden: max |d| ${max.toFixed(3)}, mean |d| ${(sum / pv.length).toFixed(4)}`);
    }
  }
  console.log(failures === 0 ? 'ALL OK' : `${failures} FAILURES`);
  process.exit(failures === 0 ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(1); });
