// Runs the models/testdata/onnx models in ONNX Runtime (onnxruntime-node) and
// prints what the binding tests may rely on, including the slow_loop timing.
// Needs onnxruntime-node resolvable, e.g. NODE_PATH=/some/dir/node_modules.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node');
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'testdata', 'onnx');
const opts = { intraOpNumThreads: 2 };

const id = await ort.InferenceSession.create(path.join(dir, 'identity_f32.onnx'), opts);
let r = await id.run({ input: new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]) });
console.log('identity', r.output.dims, Array.from(r.output.data));

const mm = await ort.InferenceSession.create(path.join(dir, 'matmul_small.onnx'), opts);
const x = new Float32Array(64); for (let i = 0; i < 64; i++) x[i] = (i % 5) - 2;
r = await mm.run({ x: new ort.Tensor('float32', x, [1, 64]) });
let maxd = 0;
for (let j = 0; j < 64; j++) {
  let s = 0; for (let i = 0; i < 64; i++) s += x[i] * ((((i * 7 + j * 3) % 11) - 5) / 10);
  maxd = Math.max(maxd, Math.abs(s - r.y.data[j]));
}
console.log('matmul max |diff| vs closed form', maxd);

const mt = await ort.InferenceSession.create(path.join(dir, 'multi_types.onnx'), opts);
console.log('multi_types inputs', mt.inputNames, 'outputs', mt.outputNames);
r = await mt.run({
  input_f16: new ort.Tensor('float16', Uint16Array.from([0x3c00, 0xc000]), [2]),
  input_i64: new ort.Tensor('int64', BigInt64Array.from([1n, -(2n ** 40n)]), [2]),
  input_i32: new ort.Tensor('int32', Int32Array.from([7]), [1]),
  input_bool: new ort.Tensor('bool', Uint8Array.from([1, 0, 1]), [3]),
  input_u8: new ort.Tensor('uint8', Uint8Array.from([255]), [1]),
});
for (const k of mt.outputNames) console.log(' ', k, r[k].type, r[k].dims, Array.from(r[k].data));

const sl = await ort.InferenceSession.create(path.join(dir, 'slow_loop.onnx'), opts);
for (const n of [10n, 200n]) {
  const t0 = performance.now();
  r = await sl.run({ iterations: new ort.Tensor('int64', BigInt64Array.from([n]), []) });
  const ms = performance.now() - t0;
  console.log(`slow_loop iterations=${n}: ${ms.toFixed(1)} ms (${(ms / Number(n)).toFixed(2)} ms/iter) result=${r.result.data[0]}`);
}
