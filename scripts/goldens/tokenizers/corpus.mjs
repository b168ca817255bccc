// Builds the conformance corpus deterministically (seeded PRNG, fixed fragments), so a
// re-run of generate.mjs reproduces byte-identical goldens.

const TACO_SHORT_PROMPT =
  '[BEGIN OF GOAL] You are a helpful assistant, and your goal is to solve the # USER REQUEST #. ' +
  'You can either rely on your own capabilities or perform actions with external tools to help you. ' +
  'You can use these actions: OCR, LocalizeObjects, GetObjects, EstimateRegionDepth, EstimateObjectDepth, ' +
  'Crop, ZoomIn, QueryLanguageModel, GetImageToImagesSimilarity, GetImageToTextsSimilarity, ' +
  'GetTextToImagesSimilarity, DetectFaces, QueryKnowledgeBase, Calculate, SolveMathEquation, Terminate [END OF GOAL]';
const OBS_SUFFIX =
  "\nThe OBSERVATION can be incomplete or incorrect, so please be critical and decide how to make use of it. " +
  "If you've gathered sufficient information to answer the question, call Terminate with the final answer. " +
  'Now, please generate the response for the next step.';
const JSON_FIX =
  '\nPlease format the output to a strict JSON format can be converted by json.loads().\nRequirements:\n' +
  '1. Do not change the content;\n2. Consider changing single quotes to double quotes or vice versa where applicable;\n' +
  '3. Consider adding or removing curly bracket or removing the period at the end if any.';
const TASK_INSTRUCTIONS =
  '[BEGIN OF TASK INSTRUCTIONS]\n1. You must only select actions from # ACTIONS #.\n2. You can only call one action at a time.\n' +
  '3. If no action is needed, please make actions an empty list (i.e. \u201cactions\u201d: []).\n' +
  '4. You must always call Terminate with your final answer at the end.\n[END OF TASK INSTRUCTIONS]\n\n';
const FORMAT_INSTRUCTIONS =
  '[BEGIN OF FORMAT INSTRUCTIONS]\nYour output should be in a strict JSON format as follows:\n' +
  '{"thought": "the thought process, or an empty string", "actions": [{"name": "action1", "arguments": {"argument1": "value1", "argument2": "value2"}}]}\n' +
  '[END OF FORMAT INSTRUCTIONS]\n\n';

export const TACO = { TACO_SHORT_PROMPT, OBS_SUFFIX, JSON_FIX, TASK_INSTRUCTIONS, FORMAT_INSTRUCTIONS };

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function buildCorpus() {
  const rnd = mulberry32(20241205);
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const out = [];
  const add = (s) => out.push(s);

  // --- English prose -------------------------------------------------------
  const words = ('the quick brown fox jumps over lazy dog a an of to in is was it that he she they we you I ' +
    'image picture photo question answer gallon gasoline price station sign street car red blue green ' +
    'tokenizer model assistant helpful observation thought action crop zoom depth camera closer farther ' +
    "don't can't won't it's they're we've I'm you'll she'd HE'S WE'LL They'RE isn't Hello World OpenAI " +
    'running jumped beautifully unbelievable antidisestablishmentarianism internationalization re-entry ' +
    'e-mail co-operate naïve café résumé façade über Zürich São Paulo x y z').split(' ');
  const punct = ['.', ',', '!', '?', ';', ':', '...', ' -', ' —', '"', "'", ')', '('];
  for (let i = 0; i < 260; ++i) {
    const n = int(1, 30);
    let s = '';
    for (let j = 0; j < n; ++j) {
      let w = pick(words);
      if (j === 0 || rnd() < 0.08) w = w.charAt(0).toUpperCase() + w.slice(1);
      if (rnd() < 0.03) w = w.toUpperCase();
      s += (j ? ' ' : '') + w;
      if (rnd() < 0.12) s += pick(punct);
    }
    if (rnd() < 0.7) s += pick(['.', '!', '?', '']);
    add(s);
  }
  for (const s of [
    '', ' ', 'a', 'A', 'Hello', ' Hello', 'Hello ', 'hello world', 'Hello, world!', "It's", "IT'S", "it'S",
    "'s", "'ll've", "'re'd", "John's book isn't there; we'd've gone.", 'I  love   spaces',
    'The  year  was 1999.', 'mr. smith went to washington.', 'e.g. i.e. etc. vs. Dr. Mrs.',
  ]) add(s);

  // --- code --------------------------------------------------------------
  const idents = ['x', 'i', 'count', 'tokenIds', 'self', 'value_1', '_private', 'HTTPServer', 'getValue', 'π', 'naïve'];
  const codeTemplates = [
    () => `def ${pick(idents)}(${pick(idents)}, ${pick(idents)}=None):\n    return ${pick(idents)} + ${int(0, 999)}\n`,
    () => `for (int i = 0; i < ${int(1, 100000)}; ++i) {\n\tsum += a[i] * ${int(2, 9)};\n}`,
    () => `const ${pick(idents)} = await fetch("https://example.com/api/v${int(1, 3)}?q=${pick(words)}&n=${int(0, 50)}");`,
    () => `public sealed class ${pick(['Foo', 'Bar', 'Tokenizer', 'BpeModel'])} : IDisposable\n{\n    private readonly int _${pick(idents)} = ${int(0, 64)};\n}\n`,
    () => `{"name": "${pick(['OCR', 'Crop', 'ZoomIn', 'Calculate'])}", "arguments": {"image": "image-${int(0, 9)}", "bbox": [${rnd().toFixed(2)}, ${rnd().toFixed(2)}, ${rnd().toFixed(2)}, ${rnd().toFixed(2)}]}}`,
    () => `<div class="${pick(words)}">${pick(words)} &amp; ${pick(words)}</div>`,
    () => `SELECT id, name FROM users WHERE age >= ${int(18, 99)} AND name LIKE '%${pick(words)}%';`,
    () => `x=${int(0, 9)};y=x**${int(2, 5)}//3%7;z=[i for i in range(${int(1, 20)}) if i&1]`,
    () => `    if (a != b && c <= d || !e) { return ${'{'.repeat(int(1, 4))}${'}'.repeat(int(1, 4))}; }`,
    () => `#include <stdio.h>\nint main(void) { printf("%d\\n", ${int(0, 1 << 20)}); return 0; }`,
    () => `// TODO(${pick(idents)}): fix the ${pick(words)}\n/* block */\n\n\n    `,
    () => `$ ls -la /usr/bin | grep -E '^[a-z]+$' > /tmp/out.txt 2>&1`,
    () => `@@ -${int(1, 99)},${int(1, 9)} +${int(1, 99)},${int(1, 9)} @@\n-old line\n+new line\n`,
  ];
  for (let i = 0; i < 220; ++i) add(pick(codeTemplates)());

  // --- numbers and prices --------------------------------------------------
  const numberTemplates = [
    () => `$${int(0, 999)}.${String(int(0, 99)).padStart(2, '0')}`,
    () => `${int(0, 9)}.${int(0, 99)} 9/10`,
    () => `€${int(1, 99999).toLocaleString('en-US')},${int(0, 99)}`,
    () => `${int(0, 2 ** 31)}`,
    () => `${int(0, 99999999)}${int(0, 99999999)}${int(0, 9999)}`,
    () => `${(rnd() * 1e6).toFixed(int(0, 8))}`,
    () => `${int(-1000, 1000)}%`,
    () => `${int(1990, 2030)}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}T${int(0, 23)}:${int(10, 59)}:00Z`,
    () => `+1 (${int(200, 999)}) ${int(200, 999)}-${int(1000, 9999)}`,
    () => `${int(1, 9)}e${int(-30, 30)} ${int(1, 99)}E+${int(0, 9)}`,
    () => `Supreme ${int(2, 5)}.${int(10, 99)} Regular ${int(2, 5)}.${int(10, 99)} Diesel ${int(2, 5)}.${int(10, 99)}`,
    () => `${int(1, 50)} / ${int(1, 9)}.${int(10, 99)} = ${rnd() * 100}`,
    () => `0x${int(0, 2 ** 30).toString(16).toUpperCase()} 0b${int(0, 255).toString(2)} 0o${int(0, 511).toString(8)}`,
    () => `١٢٣٤٥ ${int(0, 999)} ０１２３ ${int(0, 9)}`,
    () => `${int(1, 9)}${'0'.repeat(int(1, 25))}`,
    () => `v${int(0, 9)}.${int(0, 30)}.${int(0, 300)}-rc.${int(1, 5)}`,
  ];
  for (let i = 0; i < 200; ++i) add(pick(numberTemplates)());

  // --- whitespace runs and newlines ---------------------------------------
  const ws = [' ', '  ', '   ', '\t', '\n', '\n\n', '\r\n', '\r', ' \n', '\n ', '\t\t', '    ', '\u00a0', '\u3000',
    '\u2009', '\u200b', '\u2028', '\u0085', '\ufeff', '\v', '\f', '\u2003'];
  for (let i = 0; i < 200; ++i) {
    const n = int(1, 8);
    let s = rnd() < 0.3 ? pick(ws) : '';
    for (let j = 0; j < n; ++j) s += (rnd() < 0.6 ? pick(words) : '') + pick(ws).repeat(int(1, 3));
    add(s);
  }
  for (const s of ['\n', '\n\n\n', '    ', '\t', ' \t \n ', '\r\n\r\n', 'a\n', '\na', 'a \n b', 'a  \n\n  b', ' '.repeat(100),
    '\n'.repeat(40), 'x' + ' '.repeat(17) + 'y', 'end.   ', '   start']) add(s);

  // --- CJK -------------------------------------------------------------------
  const cjk = ['你好，世界！', '我们今天去公园散步。', '图像中有多少辆汽车？', '東京は日本の首都です。', 'こんにちは、元気ですか？',
    'カタカナとひらがな', '안녕하세요 세계', '한국어 토큰화 테스트입니다.', '漢字かな交じり文', '价格是3.65美元每加仑',
    '𠀀𠀁𠀂 𪚥 𩸽', '（全角括号）「引用」『二重』', '第1章　はじめに', '中文English混合text测试'];
  for (let i = 0; i < 160; ++i) {
    const n = int(1, 4);
    let s = '';
    for (let j = 0; j < n; ++j) s += pick(cjk) + (rnd() < 0.3 ? pick([' ', '\n', '', ' abc ', '123']) : '');
    add(s);
  }

  // --- Arabic and other scripts -------------------------------------------
  const scripts = ['مرحبا بالعالم', 'كم عدد السيارات في الصورة؟', 'السعر ٣٫٦٥ دولار', 'שלום עולם', 'नमस्ते दुनिया',
    'क्षत्रिय', 'สวัสดีชาวโลก', 'Привет, мир!', 'ΚΑΛΗΜΕΡΑ κόσμε', 'Ελληνικά', 'ქართული', 'Հայերեն', 'বাংলা ভাষা',
    'தமிழ்', 'ພາສາລາວ', 'Tiếng Việt có dấu', 'İstanbul ılık', 'ẞtraße STRASSE', 'ǅungla ǈ ǋ', 'ﬁ ﬂ ﬀ ligatures',
    'ｈａｌｆ　ｗｉｄｔｈ', 'Ⅻ ⅷ ① ⑳ ㊿', 'ℌ𝔢𝔩𝔩𝔬 𝐁𝐨𝐥𝐝 𝑖𝑡𝑎𝑙𝑖𝑐 𝟙𝟚𝟛', '𝒜𝒷𝒸 𝓧𝓨𝓩', 'x² y³ ¼ ½ ¾ ⁴'];
  for (let i = 0; i < 160; ++i) {
    const n = int(1, 3);
    let s = '';
    for (let j = 0; j < n; ++j) s += pick(scripts) + pick([' ', '. ', '\n', '', ', ']);
    add(s);
  }

  // --- emoji, ZWJ sequences -----------------------------------------------
  const emoji = ['😀', '👍', '👍🏽', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇫🇷', '🇯🇵🇺🇸', '❤️', '❤', '1️⃣', '#️⃣', '🧑🏿‍💻', '👩‍❤️‍💋‍👨',
    '🙇‍♀️', '☕', '⌚', '🦄', '🫠', '🤌🏻', '✈️', '©️', '™', '⭐', '🌍🌎🌏', '🐈‍⬛'];
  for (let i = 0; i < 160; ++i) {
    const n = int(1, 6);
    let s = rnd() < 0.5 ? pick(words) + ' ' : '';
    for (let j = 0; j < n; ++j) s += pick(emoji) + (rnd() < 0.4 ? ' ' : '');
    if (rnd() < 0.5) s += ' ' + pick(words);
    add(s);
  }

  // --- combining marks ------------------------------------------------------
  const combining = ['\u0301', '\u0300', '\u0308', '\u0327', '\u0303', '\u030a', '\u0323', '\u0336', '\u20dd', '\u0489', '\u05b8', '\u064e'];
  for (let i = 0; i < 140; ++i) {
    let s = '';
    const n = int(1, 12);
    for (let j = 0; j < n; ++j) {
      s += pick(['a', 'e', 'o', 'n', 'c', 'A', 'E', ' ', 'x', '1', 'ا', 'ב', 'あ', ' word']);
      const m = rnd() < 0.2 ? int(3, 12) : int(0, 2);
      for (let k = 0; k < m; ++k) s += pick(combining);
    }
    add(s);
  }
  for (const s of ['e\u0301', '\u00e9', 'Ame\u0301lie', 'A\u030angstro\u0308m', '\u1e9b\u0323', '\ufb01', '\u2126 \u212b',
    'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇']) add(s);

  // --- invalid / unpaired surrogates ---------------------------------------
  const surrogates = ['\ud800', '\udbff', '\udc00', '\udfff', '\ud83d', '\ude00', '\ude00\ud83d', '\ud83d\ud83d'];
  for (let i = 0; i < 100; ++i) {
    let s = '';
    const n = int(1, 5);
    for (let j = 0; j < n; ++j) s += pick([pick(words), ' ', pick(surrogates), pick(emoji), '1', '\n']);
    add(s);
  }
  for (const s of ['\ud800', '\udc00', 'a\ud800b', '\ud800\ud800', '\udfff\ud800', ' \ud83d ', '😀\ud83d']) add(s);

  // --- special-token text inside ordinary text ------------------------------
  const specials = ['<|im_start|>', '<|im_end|>', '<|endoftext|>', '<s>', '</s>', '<unk>', '<|begin_of_text|>',
    '<|end_of_text|>', '<|eot_id|>', '<|start_header_id|>', '<|end_header_id|>', '<|reserved_special_token_5|>',
    '<|vision_start|>', '<|image_pad|>', '<|vision_end|>', '<tool_call>', '</tool_call>', '<think>', '</think>',
    '<|im_sta', '< s>', '<s >', '<<s>>', '<0x41>', '<0xFF>', '\u2581', '\u2581\u2581', '<|fim_prefix|>', '<image>'];
  for (let i = 0; i < 220; ++i) {
    const n = int(1, 6);
    let s = '';
    for (let j = 0; j < n; ++j) {
      s += pick([pick(specials), pick(words), ' ', '\n', pick(specials) + pick(specials), ' ' + pick(specials) + ' ']);
    }
    add(s);
  }

  // --- TACO prompts and observations ----------------------------------------
  const questions = ['How many gallons of supreme gasoline can I get with $50?', 'What is written on the red sign?',
    'Which object is closer to the camera, the chair or the lamp?', 'What is the total price on the receipt?',
    "What's the man's name on the badge?", 'How many people are in image-1?', '这张图片里有什么？'];
  const obs = [
    "{'text': 'Regular 3.49 9/10 Plus 3.59 9/10 Supreme 3.65 9/10'}",
    "{'result': 13.698630136986301}",
    "{'depth': 0.42}",
    "{'image': 'image-3: <image>'}",
    "{'message': 'No action has been provided. Proceed to the next step.'}",
    "{'image': 'image-1: <image>', 'regions': [{'bbox': [0.12, 0.3, 0.55, 0.91], 'label': 'person', 'score': 0.87}, {'bbox': [0.6, 0.1, 0.99, 0.5], 'label': 'person-2', 'score': 0.51}]}",
    "{'objects': ['car', 'tree', 'street sign', 'person']}",
    "{'answer': '13.7'}",
    "{'depth': 'Object not found.'}",
    "{'text': ''}",
  ];
  const thoughts = [
    '{"thought": "I need to extract the price of supreme gasoline from the image.", "actions": [{"name": "OCR", "arguments": {"image": "image-0"}}]}',
    '{"thought":"… divide $50 by $3.65.","actions":[{"name":"Calculate","arguments":{"expression":"50 / 3.65"}}]}',
    '{"thought": "approximately 13.7 gallons", "actions": [{"name": "Terminate", "arguments": {"answer": "13.7"}}]}',
    '```json\n{"thought": "", "actions": []}\n```',
    '{"thought": "Zoom into the sign.", "actions": [{"name": "ZoomIn", "arguments": {"image": "image-0", "bbox": [0.1, 0.2, 0.5, 0.6], "zoom_factor": 2}}]}',
    '{"thought": "Compare depths.", "actions": [{"name": "EstimateRegionDepth", "arguments": {"image": "image-0", "bbox": [0.25, 0.25, 0.5, 0.75]}}]}',
  ];
  add(TACO_SHORT_PROMPT);
  add(TASK_INSTRUCTIONS);
  add(FORMAT_INSTRUCTIONS);
  add(TACO_SHORT_PROMPT + '\n' + TASK_INSTRUCTIONS + FORMAT_INSTRUCTIONS);
  for (let i = 0; i < 90; ++i) {
    const k = int(0, 5);
    if (k === 0) {
      const nImg = int(1, 3);
      let s = (rnd() < 0.5 ? TACO_SHORT_PROMPT : '') + '\n# USER REQUEST #:\n';
      for (let j = 0; j < nImg; ++j) s += `image-${j}: <image>\n`;
      add(s + pick(questions) + '\nNow please generate your response:\n');
    } else if (k === 1 || k === 2) {
      add('OBSERVATION:\n' + pick(obs) + OBS_SUFFIX);
    } else if (k === 3) {
      add(pick(thoughts));
    } else if (k === 4) {
      add('OBSERVATION:\nExpecting value: line 1 column 1 (char 0)' + JSON_FIX);
    } else {
      add(`Execution failed with <class 'ValueError'>: Bounding box coordinates must be between 0 and 1..` + OBS_SUFFIX);
    }
  }

  // --- random code points from many blocks ---------------------------------
  const ranges = [[0x20, 0x7e], [0xa0, 0x24f], [0x300, 0x36f], [0x370, 0x3ff], [0x400, 0x4ff], [0x590, 0x6ff],
    [0x900, 0x97f], [0xe00, 0xe7f], [0x1100, 0x11ff], [0x2000, 0x206f], [0x20a0, 0x20cf], [0x2100, 0x214f],
    [0x2190, 0x23ff], [0x2500, 0x27bf], [0x3000, 0x30ff], [0x4e00, 0x9fff], [0xac00, 0xd7a3], [0xe000, 0xe0ff],
    [0xfb00, 0xfb4f], [0xfe00, 0xfe0f], [0xff00, 0xffef], [0xfff0, 0xffff], [0x10000, 0x1007f], [0x1d400, 0x1d7ff],
    [0x1f300, 0x1faff], [0x20000, 0x2a6df], [0xe0000, 0xe007f], [0x0, 0x1f], [0x7f, 0x9f], [0x10fff0, 0x10ffff]];
  for (let i = 0; i < 240; ++i) {
    const n = int(1, 24);
    let s = '';
    for (let j = 0; j < n; ++j) {
      const r = pick(ranges);
      let cp = int(r[0], r[1]);
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0x41;
      s += String.fromCodePoint(cp);
    }
    add(s);
  }

  // --- long inputs (exercise linear-ish BPE and the word cache) -------------
  add('a'.repeat(3000));
  add('ab'.repeat(1500));
  add('abc'.repeat(700) + ' ' + 'xyz'.repeat(700));
  add('1'.repeat(2000));
  add('!'.repeat(1000));
  add('😀'.repeat(300));
  add('你'.repeat(800));
  add(' '.repeat(500) + 'x');
  let b64 = '';
  const b64c = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 4000; ++i) b64 += b64c[int(0, 63)];
  add(b64);
  let para = '';
  for (let i = 0; i < 600; ++i) para += pick(words) + (rnd() < 0.1 ? pick(punct) : '') + (rnd() < 0.05 ? '\n\n' : ' ');
  add(para);

  // --- mixed everything -------------------------------------------------------
  const pools = [words, specials, emoji, cjk, scripts, ws, surrogates, combining, punct];
  while (out.length < 2200) {
    const n = int(2, 10);
    let s = '';
    for (let j = 0; j < n; ++j) s += pick(pick(pools)) + (rnd() < 0.4 ? ' ' : '');
    add(s);
  }
  return out;
}
