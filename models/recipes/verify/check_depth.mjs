// Runs the tiny depth models' goldens through ONNX Runtime (onnxruntime-node):
// golden pixel_values -> predicted_depth must match PyTorch; also runs another
// input size to show the height/width axes are really dynamic.
//   NODE_PATH=<dir>/node_modules node models/recipes/verify/check_depth.mjs [model-name ...]
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node');
const modelsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const names = process.argv.slice(2).length ? process.argv.slice(2) : ['tiny-depth'];
let failures = 0;
const readF32 = (f) => { const b = fs.readFileSync(f); return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); };
for (const name of names) {
  const s = await ort.InferenceSession.create(path.join(modelsDir, name, 'onnx', 'model.onnx'), { intraOpNumThreads: 1 });
  const g = JSON.parse(fs.readFileSync(path.join(modelsDir, 'goldens', name, 'goldens.json')));
  for (const c of g.cases) {
    const gd = path.join(modelsDir, 'goldens', name);
    const px = new ort.Tensor('float32', readF32(path.join(gd, c.pixel_values.file)), c.pixel_values.shape);
    const out = (await s.run({ pixel_values: px })).predicted_depth;
    const want = readF32(path.join(gd, c.predicted_depth.file));
    let m = 0; for (let i = 0; i < want.length; i++) m = Math.max(m, Math.abs(want[i] - out.data[i]));
    const ok = JSON.stringify(out.dims) === JSON.stringify(c.predicted_depth.shape) && m < 1e-4;
    if (!ok) failures++;
    console.log(`${name} ${c.name}: dims ${out.dims}, max |d| ${m.toExponential(2)} ${ok ? 'ok' : 'FAIL'}`);
  }
  const other = await s.run({ pixel_values: new ort.Tensor('float32', new Float32Array(3 * 140 * 182).fill(0.1), [1, 3, 140, 182]) });
  console.log(`${name} 140x182 input -> ${other.predicted_depth.dims}`);
}
console.log(failures === 0 ? 'ALL OK' : `${failures} FAILURES`);
process.exit(failures === 0 ? 0 : 1);
