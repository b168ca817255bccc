// Encode throughput of the JavaScript reference over the conformance corpus, for comparison with
// bench/Taco.Benchmarks/Tokenizers (same tokenizer.json files, same strings).
//   cd scripts/goldens/tokenizers && node bench.mjs [seconds-per-tokenizer]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOKENIZERS, loadTokenizer } from './tokenizers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = JSON.parse(fs.readFileSync(path.resolve(here, '../../../tests/Taco.Tokenizers.Tests/Goldens/corpus.json'), 'utf8'))
  .map((s) => (typeof s === 'string' ? s : String.fromCharCode(...s.u16)));
const bytes = corpus.reduce((a, s) => a + Buffer.byteLength(s, 'utf8'), 0);
const seconds = Number(process.argv[2] ?? 10);

for (const t of TOKENIZERS) {
  const tok = loadTokenizer(t);
  const pass = () => { let n = 0; for (const s of corpus) n += tok.encode(s).length; return n; };
  for (let i = 0; i < 3; ++i) pass(); // warm-up: JIT and the BPE word cache, as BenchmarkDotNet's warm-up does
  let passes = 0;
  let best = Infinity;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < seconds) {
    const t0 = process.hrtime.bigint();
    pass();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
    ++passes;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  const perPass = elapsed / passes;
  // The minimum is the figure least disturbed by other load on a shared machine.
  console.log(`${t.name}: mean ${(perPass * 1e3).toFixed(2)} ms, min ${(best * 1e3).toFixed(2)} ms per corpus pass of ${bytes} bytes (${passes} passes) = ${(bytes / perPass / 1e6).toFixed(2)} MB/s mean, ${(bytes / best / 1e6).toFixed(2)} MB/s best`);
}
