// In-process checks of the pieces: argument parsing, PNG encoding, the orchestrator command template.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { crc32, inflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { parseArgs } from '../src/args.js';
import { COMFY_ARGS_TEMPLATE, SIMULATOR_MAIN, fillTemplate, simulatorArgv, simulatorCommand } from '../src/index.js';
import { encodePng, simImage } from '../src/png.js';
import { PNG_SIG } from './helpers.js';

t.test('parseArgs: ComfyUI flags, sim flags, env, lenient unknowns', async (t) => {
  const o = parseArgs(
    ['--listen', '127.0.0.1', '--port', '8190', '--output-directory', '/d/output', '--input-directory', '/d/input',
      '--temp-directory', '/d', '--user-directory', '/d/user', '--database-url', 'sqlite:////d/comfy.db', '--disable-auto-launch',
      '--sim-run-ms', '42', '--frobnicate', 'x', '--sim-fail-prompts'],
    { COMFY_SIM_RUN_MS: '7', COMFY_SIM_CRASH_AFTER: '3' },
  );
  t.same(o.listen, ['127.0.0.1']);
  t.equal(o.port, 8190);
  t.equal(o.tempDirectory, '/d/temp', '--temp-directory gets /temp appended, as ComfyUI');
  t.equal(o.databaseUrl, 'sqlite:////d/comfy.db');
  t.equal(o.runMs, 42, 'flag wins over env');
  t.equal(o.crashAfter, 3, 'env used when no flag');
  t.equal(o.failPrompts, true);
  t.same(o.unknown, ['--frobnicate x']);
  t.same(parseArgs(['--listen', '--port', '1']).listen, ['0.0.0.0', '::'], 'bare --listen = 0.0.0.0,::');
  t.equal(parseArgs(['--port=9']).port, 9);
  t.equal(parseArgs([], { COMFY_SIM_HANG_AT_START: '1' }).hangAtStart, true);
  t.equal(parseArgs([], { COMFY_SIM_HANG_AT_START: '0' }).hangAtStart, false);
  t.throws(() => parseArgs(['--port', 'abc']), /invalid int value/);
  t.equal(parseArgs(['--output-directory', 'rel/out'], {}, '/base').outputDirectory, '/base/rel/out', 'made absolute');
});

t.test('png: valid signature, chunks and pixels', async (t) => {
  const png = encodePng(2, 1, (x) => (x === 0 ? [255, 0, 0] : [0, 0, 255]), { prompt: '{"a":1}', workflow: '中文' });
  t.same(png.subarray(0, 8), PNG_SIG);
  let pos = 8;
  const chunks: Array<{ type: string; data: Buffer }> = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.subarray(pos + 4, pos + 8).toString('latin1');
    const data = png.subarray(pos + 8, pos + 8 + len);
    t.equal(png.readUInt32BE(pos + 8 + len), crc32(png.subarray(pos + 4, pos + 8 + len)), `${type} crc`);
    chunks.push({ type, data });
    pos += 12 + len;
  }
  t.same(chunks.map((c) => c.type), ['IHDR', 'tEXt', 'iTXt', 'IDAT', 'IEND']);
  const raw = inflateSync(chunks.find((c) => c.type === 'IDAT')!.data);
  t.same([...raw], [0, 255, 0, 0, 0, 0, 255]);
  t.ok(simImage('a').length > 100);
  t.notSame(simImage('a'), simImage('b'), 'colour derives from the seed');
  t.equal(png.readUInt32BE(png.length - 4), 0xae426082, 'IEND carries the CRC every PNG ends with');
});

t.test('simulatorCommand: absolute, works from any cwd', async (t) => {
  const cmd = simulatorCommand();
  const parts = cmd.split(' ');
  t.equal(parts[0], process.execPath);
  t.equal(parts[1], '--import');
  t.match(parts[2], /^file:\/\/\/.*tsx\/dist\/esm\/index\.mjs$/);
  t.ok(existsSync(fileURLToPath(parts[2]!)), 'tsx loader resolved');
  t.equal(parts[3], SIMULATOR_MAIN);
  t.match(SIMULATOR_MAIN, /\/packages\/comfyui-sim\/src\/main\.ts$/);
  t.ok(cmd.endsWith('--listen 127.0.0.1 --port {port} --output-directory {dataDir}/output --input-directory {dataDir}/input --temp-directory {dataDir} --user-directory {dataDir}/user --database-url sqlite:///{dataDir}/comfy.db --disable-auto-launch'));
  t.same(simulatorArgv().slice(4), COMFY_ARGS_TEMPLATE);
  t.equal(fillTemplate('--port {port} {dataDir}/x', { port: 1, dataDir: '/d' }), '--port 1 /d/x');
  // --help through the exact command, from another cwd
  const out = execFileSync(parts[0]!, [...parts.slice(1, 4), '--help'], { cwd: '/', encoding: 'utf8' });
  t.match(out, /--sim-startup-delay/);
});

t.test('validate: Python repr in messages, node cache keys', async (t) => {
  const { pyRepr } = await import('../src/validate.js');
  const { nodeSignatures } = await import('../src/graph.js');
  const { defaultWorkflow } = await import('../src/index.js');
  t.equal(pyRepr(['a', "it's", 'b"c', 1, true, null]), `['a', "it's", 'b"c', 1, True, None]`, 'quotes as Python picks them');
  t.equal(pyRepr('x\ny'), `'x\\ny'`);
  const a = nodeSignatures(defaultWorkflow('one'));
  const b = nodeSignatures(defaultWorkflow('two'));
  const same = [...a.keys()].filter((id) => a.get(id) === b.get(id)).sort();
  t.same(same, ['4', '5', '7'], 'a changed text changes its node and everything downstream');
  const twins = defaultWorkflow('same');
  twins['7']!.inputs.text = 'same';
  const s = nodeSignatures(twins);
  t.equal(s.get('6'), s.get('7'), 'equal nodes share a key, whatever their ids');
  t.not(nodeSignatures(defaultWorkflow(), (id) => (id === '4' ? 'changed' : null)).get('3'), nodeSignatures(defaultWorkflow()).get('3'), 'IS_CHANGED of an ancestor changes the key');
});
