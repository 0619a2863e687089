// The LLM-output cleaner (api.md "Tools"): a table of real-world messy answers with the exact text and steps
// expected, the route on the real app (who may use it, the size cap, bad bodies), and fuzzing: no text is a 500.
import t from 'tap';
import { signTestToken } from '@app/testing';
import type { LlmCleanOptions } from '@app/contracts';
import { MAX_DEPTH, cleanLlmOutput } from '../src/plugins/app/llm-clean.js';
import { admin, vectorsApp, viewer } from './vectors-harness.js';

type Row = [name: string, input: string, result: string, steps: [string, string?][], json?: unknown, options?: LlmCleanOptions];

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

const TABLE: Row[] = [
  [
    'DeepSeek-R1: reasoning before a </think> with no opening tag',
    'Okay, the user wants the capital as JSON.\nParis is the capital of France.\n</think>\n\n{"country": "France", "capital": "Paris"}',
    pretty({ country: 'France', capital: 'Paris' }),
    [['strip_think', '</think> (no opening tag)'], ['format_json', 'pretty'], ['collapse_whitespace']],
    { country: 'France', capital: 'Paris' },
  ],
  [
    'DeepSeek-R1: an unclosed <think> cut short before any answer runs to the end',
    '<think>\nThe user asks for {name, age}. Let me think about the format',
    '',
    [['strip_think', '<think>, unclosed']],
  ],
  [
    'an unclosed <think> ends where a line starts the answer',
    '<think>\nI should answer with an array.\n[1, 2, 3]',
    '[\n  1,\n  2,\n  3\n]',
    [['strip_think', '<think>, unclosed'], ['format_json', 'pretty']],
    [1, 2, 3],
  ],
  [
    'Qwen: <think> then fenced JSON',
    '<think>\n用户需要一个 JSON。\n</think>\n\n```json\n{\n  "city": "杭州",\n  "population": 12200000\n}\n```',
    '{\n  "city": "杭州",\n  "population": 12200000\n}',
    [['strip_think', '<think>'], ['strip_fences', '2, json'], ['collapse_whitespace']],
    { city: '杭州', population: 12200000 },
  ],
  [
    'nested and mixed-case reasoning tags',
    '<Thinking>outer <think>inner</think> still outer</Thinking>Answer: 42',
    'Answer: 42',
    [['strip_think', '<thinking>, <think>']],
  ],
  [
    'trailing commas',
    '{"a": 1, "b": [1, 2, 3,],}',
    pretty({ a: 1, b: [1, 2, 3] }),
    [['repair_json'], ['format_json', 'pretty']],
    { a: 1, b: [1, 2, 3] },
  ],
  [
    'single quotes, Python literals, comments and unquoted keys',
    "{'name': 'Ann', active: True, manager: None, // who\n 'tags': ['x',]}",
    pretty({ name: 'Ann', active: true, manager: null, tags: ['x'] }),
    [['repair_json'], ['format_json', 'pretty']],
    { name: 'Ann', active: true, manager: null, tags: ['x'] },
  ],
  [
    'full-width syntax and colons after keys; the Chinese string keeps its punctuation',
    '{“名字”：“张三”，“年龄”：１８，“备注”：“你好，世界！”}',
    pretty({ 名字: '张三', 年龄: 18, 备注: '你好，世界！' }),
    [['normalise_width', '17'], ['format_json', 'pretty']],
    { 名字: '张三', 年龄: 18, 备注: '你好，世界！' },
  ],
  [
    'truncated mid-string',
    'Here is the data:\n{"items": [{"id": 1, "title": "The quick brown fo',
    pretty({ items: [{ id: 1, title: 'The quick brown fo' }] }),
    [['strip_boilerplate', 'Here is the data:'], ['repair_json', 'truncated'], ['format_json', 'pretty']],
    { items: [{ id: 1, title: 'The quick brown fo' }] },
  ],
  [
    '"Sure! Here\'s the JSON:" and a trailer',
    "Sure! Here's the JSON:\n\n```json\n{\"ok\": true}\n```\n\nLet me know if you need anything else!",
    '{\n  "ok": true\n}',
    [['strip_fences', '2, json'], ['strip_boilerplate', "Sure! Here's the JSON: … Let me know if you need anything else!"], ['format_json', 'pretty']],
    { ok: true },
  ],
  [
    'a Chinese lead-in and trailer',
    '以下是结果：\n{"score": 95, "评语": "很好"}\n希望对你有帮助',
    pretty({ score: 95, 评语: '很好' }),
    [['strip_boilerplate', '以下是结果： … 希望对你有帮助'], ['format_json', 'pretty']],
    { score: 95, 评语: '很好' },
  ],
  [
    'nested fences',
    '````markdown\n```json\n[{"id": 1}, {"id": 2}]\n```\n````',
    pretty([{ id: 1 }, { id: 2 }]),
    [['strip_fences', '4, markdown, json'], ['format_json', 'pretty'], ['collapse_whitespace']],
    [{ id: 1 }, { id: 2 }],
  ],
  [
    '<|begin_of_thought|> and the solution markers',
    '<|begin_of_thought|>\nsteps...\n<|end_of_thought|>\n<|begin_of_solution|>\n{"answer": 42}\n<|end_of_solution|>',
    '{\n  "answer": 42\n}',
    [['strip_think', '<|begin_of_thought|>, <|begin_of_solution|>'], ['format_json', 'pretty'], ['collapse_whitespace']],
    { answer: 42 },
  ],
  [
    'plain prose with brackets is not JSON: only its whitespace changes',
    'The meeting   is at 10am.\r\n\r\n\r\n\r\nPlease bring  the [draft] and {notes}.  \n',
    'The meeting is at 10am.\n\nPlease bring the [draft] and {notes}.',
    [['normalise_newlines', '4'], ['collapse_whitespace']],
  ],
  [
    'Chinese prose keeps its punctuation; full-width Latin, NBSP and zero-width characters do not stay',
    '今天天气很好，我们去公园吧！\u00a0Ｆｕｌｌ\u3000ｗｉｄｔｈ！\u200b',
    '今天天气很好，我们去公园吧！ Full width!',
    [['strip_invisible', '2'], ['normalise_width', '11']],
  ],
  [
    'a reference list and a checklist are prose, not arrays',
    'References:\n[1] Smith et al. 2020\n[ ] check [2]',
    'References:\n[1] Smith et al. 2020\n[ ] check [2]',
    [],
  ],
  [
    'an array with its lines to itself is JSON; blank lines around it are whitespace',
    '\n\n[\n  1,\n  2\n]\n\n',
    '[\n  1,\n  2\n]',
    [['collapse_whitespace']],
    [1, 2],
  ],
  [
    'code keeps its indentation once its fence is gone',
    '```python\ndef f():\n    return  1\n```',
    'def f():\n    return 1',
    [['strip_fences', '2, python'], ['collapse_whitespace']],
  ],
  [
    'a 23-digit number keeps its digits in the text',
    'The id is {"id": 12345678901234567890123}',
    '{\n  "id": 12345678901234567890123\n}',
    [['strip_boilerplate', 'The id is'], ['format_json', 'pretty']],
    { id: 1.2345678901234568e22 },
  ],
  [
    'an inline object with a quoted key is JSON; the citation before it is not',
    'See [1]. Result: {"ok": 1}',
    '{\n  "ok": 1\n}',
    [['strip_boilerplate', 'See [1]. Result:'], ['format_json', 'pretty']],
    { ok: 1 },
  ],
  [
    'minified on request',
    '```json\n{\n  "a": [1, 2],\n  "b": {}\n}\n```',
    '{"a":[1,2],"b":{}}',
    [['strip_fences', '2, json'], ['format_json', 'minify'], ['collapse_whitespace']],
    { a: [1, 2], b: {} },
    { jsonFormat: 'minify' },
  ],
  [
    'wantJson false: the JSON is text like any other',
    '```json\n{"a":  1}\n```',
    '{"a": 1}',
    [['strip_fences', '2, json'], ['collapse_whitespace']],
    undefined,
    { wantJson: false },
  ],
  [
    'wantJson true takes an inline array that auto-detection leaves alone',
    'Scores: [1, 2, 3]',
    '[\n  1,\n  2,\n  3\n]',
    [['strip_boilerplate', 'Scores:'], ['format_json', 'pretty']],
    [1, 2, 3],
    { wantJson: true },
  ],
  [
    'every step off: the text comes back as it was',
    '<think>x</think>\r\n```json\n{"a":1,}\n```',
    '<think>x</think>\r\n```json\n{"a":1,}\n```',
    [],
    undefined,
    { wantJson: false, stripThink: false, stripFences: false, normaliseWidth: false, collapseWhitespace: false },
  ],
];

t.test('the table of messy answers', async (t) => {
  for (const [name, input, result, steps, json, options] of TABLE) {
    const out = cleanLlmOutput(input, options);
    t.equal(out.result, result, `${name}: result`);
    t.same(out.steps, steps.map(([step, detail]) => (detail === undefined ? { step } : { step, detail })), `${name}: steps`);
    if (json === undefined) t.notOk('json' in out, `${name}: not JSON`);
    else t.strictSame(out.json, json, `${name}: json`);
  }
});

t.test('pathological inputs finish quickly and never throw', async (t) => {
  const MiB = 1 << 20;
  for (const [name, input] of [
    ['100k [', '['.repeat(100_000)],
    ['100k {"a":', '{"a":'.repeat(100_000)],
    [`${MAX_DEPTH + 1} levels of arrays, closed`, `${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)}`],
    ['1 MiB of quotes', '"'.repeat(MiB)],
    ['1 MiB of unclosed tags', '<think>'.repeat(MiB / 7)],
    ['1 MiB of fences', '```'.repeat(MiB / 3)],
    ['1 MiB of full-width and CJK', '［１，中'.repeat(MiB / 4)],
    ['a 1 MiB truncated string', `{"a": "${'x'.repeat(MiB)}`],
    ['lone surrogates', '{"a": "\ud800\udc00\udc00\ud800"}\ud800'],
  ] as const) {
    const started = Date.now();
    const out = cleanLlmOutput(input);
    t.type(out.result, 'string', name);
    t.ok(Date.now() - started < 5000, `${name}: ${Date.now() - started} ms`);
  }
  const deep = cleanLlmOutput(`${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)}`);
  t.notOk('json' in deep, 'nesting deeper than MAX_DEPTH is not taken for JSON');
  t.ok('json' in cleanLlmOutput(`${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}`), 'MAX_DEPTH levels are');
});

// Pieces that trip a cleaner, mixed with random code points (lone surrogates included).
const PIECES = [
  '<think>', '</think>', '<thinking>', '<|begin_of_thought|>', '<|end_of_thought|>', '◁think▷', '```', '```json\n', '~~~\n',
  '{', '}', '[', ']', '"', "'", ':', ',', '\\', '\\"', '｛', '｝', '［', '］', '：', '，', '“', '”', '‘', '’', '＂', '＼', '　',
  'True', 'None', '// c\n', '/* c */', '\r\n', '\n', ' ', '\t', '\u00a0', '\u200b', '\ufeff', '\ud800', '\udfff', '😀', '中文',
  'Ｆｕｌｌ', 'Here is the JSON:', '以下是结果：', '"key": ', '12345678901234567890', '-', 'e+', '...',
];
function randomText(random: () => number, pieces = 40): string {
  const parts: string[] = [];
  const n = Math.floor(random() * pieces);
  for (let i = 0; i < n; i++) {
    parts.push(random() < 0.75 ? PIECES[Math.floor(random() * PIECES.length)] : String.fromCharCode(Math.floor(random() * 0x10000)));
  }
  return parts.join('');
}
/** mulberry32: a seeded generator, so a failure can be replayed. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

t.test('fuzz: the pure function never throws and its JSON is what the text says', async (t) => {
  const seed = Number(process.env.LLM_CLEAN_SEED ?? Date.now() % 1_000_000);
  const random = seeded(seed);
  for (let i = 0; i < 3000; i++) {
    const input = randomText(random);
    const options = { wantJson: random() < 0.3 ? true : undefined, jsonFormat: random() < 0.5 ? 'minify' as const : 'pretty' as const };
    let out;
    try {
      out = cleanLlmOutput(input, options);
    } catch (err) {
      t.fail(`seed ${seed}, input ${JSON.stringify(input)}: ${String(err)}`);
      continue;
    }
    if ('json' in out && JSON.stringify(JSON.parse(out.result)) !== JSON.stringify(out.json)) {
      t.fail(`seed ${seed}, input ${JSON.stringify(input)}: result and json differ`);
    }
  }
  t.pass(`3000 inputs, seed ${seed}`);
});

t.test('the route', async (t) => {
  const { api } = await vectorsApp(t, 'vectors-llm-clean', { LLM_CLEAN_MAX_BYTES: '4096' });
  const editor = `Bearer ${signTestToken({ sub: '3', role: 'editor' })}`;
  const clean = (body: unknown, token = admin) => api('POST', '/api/tools/llm-clean', body, token);

  t.test('editor and admin clean; a viewer may not', async (t) => {
    for (const token of [admin, editor]) {
      const res = await clean({ content: '<think>hm</think>```json\n{"a": 1,}\n```' }, token);
      t.equal(res.status, 200);
      t.same(res.data, { result: '{\n  "a": 1\n}', json: { a: 1 }, steps: [{ step: 'strip_think', detail: '<think>' }, { step: 'strip_fences', detail: '2, json' }, { step: 'repair_json' }, { step: 'format_json', detail: 'pretty' }, { step: 'collapse_whitespace' }] });
    }
    const minified = await clean({ content: '{"a": [1, 2]}', options: { jsonFormat: 'minify', stripThink: false } });
    t.same(minified.data, { result: '{"a":[1,2]}', json: { a: [1, 2] }, steps: [{ step: 'format_json', detail: 'minify' }] });
    const prose = await clean({ content: '  plain  text  ' });
    t.same(prose.data, { result: 'plain text', steps: [{ step: 'collapse_whitespace' }] }, 'no json key for prose');
    t.match(await clean({ content: 'x' }, viewer), { status: 403 });
  });

  t.test('over the cap: 413 in the envelope with its own key', async (t) => {
    t.equal((await clean({ content: 'x'.repeat(4096) })).status, 200, 'at the cap');
    const over = await clean({ content: '中'.repeat(1366) }); // 4098 bytes of UTF-8, 1366 characters
    t.match(over, { status: 413, body: { code: 413, errorKey: 'VEC_TOOLS_INPUT_TOO_LARGE', msg: /4096/ } });
    const huge = await clean({ content: 'x'.repeat(200_000) }); // over the route's body limit: refused before parsing
    t.match(huge, { status: 413, body: { code: 413, errorKey: 'VEC_TOOLS_INPUT_TOO_LARGE' } });
  });

  t.test('a missing or non-string content is a 400', async (t) => {
    for (const body of [{}, { content: 12 }, { content: true }, { content: null }, { content: ['a'] }, { content: { a: 1 } }, { content: 'x', options: { wantJson: 'maybe' } }]) {
      t.match(await clean(body), { status: 400, body: { errorKey: 'VALIDATION_FAILED' } }, JSON.stringify(body));
    }
  });

  t.test('fuzz through the app: never a 500', async (t) => {
    const seed = Number(process.env.LLM_CLEAN_SEED ?? Date.now() % 1_000_000);
    const random = seeded(seed);
    const statuses = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const content = randomText(random, 200);
      const res = await clean({ content, options: { wantJson: random() < 0.3 ? true : undefined } });
      statuses.add(res.status);
      if (res.status >= 500) t.fail(`seed ${seed}: ${res.status} for ${JSON.stringify(content)}`);
    }
    t.ok([...statuses].every((s) => s === 200 || s === 413), `statuses ${[...statuses]} (seed ${seed})`);
  });
});
