import { chmodSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t, { type Test } from 'tap';
import { SIMULATOR_MAIN, defaultWorkflow, simulatorCommand } from '@app/comfyui-sim';
import { instanceEnv } from '../src/plugins/app/launcher.js';
import { orchestratorEnv, sendPrompt, startOrchestrator } from './helpers.js';

/** The instance's own environment, as the kernel holds it for the running process (after `sh -c exec`). */
function environOf(pid: number): Record<string, string> {
  const pairs = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  return Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
}

/** Sets variables in this (the orchestrator's) process environment for one test. */
function withProcessEnv(t: Test, vars: Record<string, string>) {
  const before = { ...process.env };
  Object.assign(process.env, vars);
  t.teardown(() => {
    for (const k of Object.keys(process.env)) if (!(k in before)) delete process.env[k];
    Object.assign(process.env, before);
  });
}

/** The simulator command with the probe preloaded: it runs inside the instance process itself. */
const PROBE = pathToFileURL(join(import.meta.dirname, 'fixtures', 'instance-probe.mjs')).href;
const probedCommand = () => simulatorCommand().replace(SIMULATOR_MAIN, `--import ${PROBE} ${SIMULATOR_MAIN}`);

t.test('an instance gets an allow-listed environment: none of the platform’s secrets, HOME is its folder', async (t) => {
  const env = await orchestratorEnv(t, { COMFY_ENV_PASSTHROUGH: 'HF_HOME,COMFY_TEST_ABSENT' });
  // The orchestrator's process environment as in production: its secrets, key paths and tooling variables.
  withProcessEnv(t, {
    ...env,
    JWT_PRIVATE_KEY_FILE: '/run/secrets/jwt-private.pem',
    JWT_PUBLIC_KEY_FILE: '/run/secrets/jwt-public.pem',
    INTERNAL_TOKEN_FILE: '/run/secrets/internal-token',
    SECRETS_KEY: 'secrets-key-for-tests-0123456789abcdef',
    HF_HOME: '/models/hf',
    LANG: 'C.UTF-8',
    TZ: 'Asia/Shanghai',
  });
  const o = await startOrchestrator(t, env);
  const id = (await o.open(1, 10)).body.data.serviceId;
  const row = await o.until(id, (r) => r.status === 'running');
  t.match(readFileSync(`/proc/${row.pid}/cmdline`, 'utf8'), SIMULATOR_MAIN, 'the final process (sh exec’d the simulator)');

  const seen = environOf(row.pid!);
  // tap's process tracker hooks spawn and adds its loader (NODE_OPTIONS, merged with this process's own)
  // and markers to every child; sh adds PWD. The launcher's own list is checked exactly in the next test.
  const tapAdded = (k: string) => k.startsWith('_TAPJS_PROCESSINFO_') || (k === 'NODE_OPTIONS' && /^(\s*"?--import=[^\s"]*@tapjs\/processinfo[^\s"]*"?)+\s*$/.test(seen[k]!));
  const keys = Object.keys(seen).filter((k) => !tapAdded(k));
  t.same(keys.sort(), ['HF_HOME', 'HOME', 'LANG', 'PATH', 'PWD', 'TZ'], 'exactly the allow-list');
  t.equal(seen.HOME, row.dataDir, 'HOME is its own folder');
  t.equal(seen.HF_HOME, '/models/hf', 'a name in COMFY_ENV_PASSTHROUGH is passed');
  t.equal(seen.PATH, process.env.PATH);
  t.same([seen.LANG, seen.TZ], ['C.UTF-8', 'Asia/Shanghai']);
  const all = Object.values(seen).join('\n');
  for (const secret of [env.INTERNAL_TOKEN, env.DATABASE_URL, env.REDIS_URL, env.JWT_PRIVATE_KEY.split('\n')[1]!, 'secrets-key-for-tests']) {
    t.notOk(all.includes(secret), `no value holds ${secret.slice(0, 12)}…`);
  }
  t.ok((await fetch(`http://127.0.0.1:${row.port}/system_stats`)).ok, 'and it runs');
});

t.test('instanceEnv: the allow-list, whatever the orchestrator holds', async (t) => {
  const orchestrator = {
    PATH: '/opt/py/bin:/usr/bin',
    LANG: 'C.UTF-8',
    HOME: '/root',
    NODE_OPTIONS: '--max-old-space-size=4096',
    DATABASE_URL: 'postgres://u:p@db/xl',
    INTERNAL_TOKEN_FILE: '/run/secrets/internal-token',
    HF_HOME: '/models/hf',
  };
  t.same(instanceEnv({ dataDir: '/d/p-1/s', gpu: '1', passthrough: ['HF_HOME', 'ABSENT'] }, orchestrator), {
    PATH: '/opt/py/bin:/usr/bin',
    LANG: 'C.UTF-8',
    HF_HOME: '/models/hf',
    HOME: '/d/p-1/s',
    CUDA_VISIBLE_DEVICES: '1',
  });
  t.same(instanceEnv({ dataDir: '/d' }, {}), { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/d' }, 'a PATH even when the orchestrator has none');
});

// Switching uids needs root: elsewhere these tests are reported as skipped, with the reason.
const notRoot = process.getuid?.() === 0 ? false : `COMFY_INSTANCE_UID_BASE needs the orchestrator to run as root; this test runs as uid ${process.getuid?.()}`;

t.test('with COMFY_INSTANCE_UID_BASE each instance is its own user: it cannot read the orchestrator’s environ, the key files or another instance’s folder', { skip: notRoot }, async (t) => {
  // Key files as `npm start` writes them (scripts/lib/secrets.mjs): a 0700 folder, 0600 private files.
  const secrets = mkdtempSync(join(tmpdir(), 'comfy-secrets-'));
  chmodSync(secrets, 0o700);
  writeFileSync(join(secrets, 'internal-token'), 'internal-token-0123456789', { mode: 0o600 });
  const base = 300_000 + Math.floor(Math.random() * 100_000) * 10;
  const env = await orchestratorEnv(t, { COMFYUI_COMMAND: probedCommand(), COMFY_INSTANCE_UID_BASE: String(base), COMFY_ENV_PASSTHROUGH: 'PROBE_TARGETS' });
  withProcessEnv(t, { INTERNAL_TOKEN_FILE: join(secrets, 'internal-token'), PROBE_TARGETS: '' });
  const o = await startOrchestrator(t, env);

  const other = await o.until((await o.open(2, 11)).body.data.serviceId, (r) => r.status === 'running');
  writeFileSync(join(other.dataDir!, 'output', 'private.png'), 'another user’s image');
  const targets = [other.dataDir!, join(other.dataDir!, 'output', 'private.png'), join(other.dataDir!, 'comfyui.log'), env.COMFY_DATA_DIR, join(secrets, 'internal-token')];
  process.env.PROBE_TARGETS = targets.join(',');
  const mine = await o.until((await o.open(1, 10)).body.data.serviceId, (r) => r.status === 'running');

  const status = readFileSync(`/proc/${mine.pid}/status`, 'utf8');
  t.match(status, new RegExp(`^Uid:\\s+${base + 1}\\s+${base + 1}\\s+${base + 1}\\s+${base + 1}$`, 'm'), 'runs as base + projectId');
  t.match(status, new RegExp(`^Gid:\\s+${base + 1}\\s+${base + 1}\\s+${base + 1}\\s+${base + 1}$`, 'm'));
  t.match(status, /^Groups:\s*$/m, 'no supplementary groups (root’s dropped)');
  t.match(status, /^CapEff:\s+0+$/m, 'no capabilities');
  const folder = statSync(mine.dataDir!);
  t.same([folder.uid, folder.mode & 0o777], [base + 1, 0o700], 'its folder is its own, 0700');
  t.same([statSync(other.dataDir!).uid, statSync(other.dataDir!).mode & 0o777], [base + 2, 0o700]);

  // What the instance process itself could read (the probe ran inside it, before the simulator started).
  const probe = JSON.parse(readFileSync(join(mine.dataDir!, 'probe.json'), 'utf8'));
  t.equal(probe.ppid, process.pid, 'the probe looked at this orchestrator');
  t.equal(probe.results[mine.dataDir!], 'ok', 'its own folder is readable (the probe works)');
  t.equal(probe.results[`/proc/${process.pid}/environ`], 'EACCES', 'the orchestrator’s environment is not');
  for (const target of targets) t.equal(probe.results[target], 'EACCES', `${target} is not`);

  // Isolated, it still works: a prompt's image lands in its own output folder.
  t.equal(await sendPrompt(mine.port!, defaultWorkflow()), 200);
  for (let i = 0; i < 100 && !readdirSync(join(mine.dataDir!, 'output')).some((f) => f.endsWith('.png')); i++) await new Promise((r) => setTimeout(r, 50));
  const images = readdirSync(join(mine.dataDir!, 'output')).filter((f) => f.endsWith('.png'));
  t.ok(images.length > 0, 'it writes its output');
  t.equal(statSync(join(mine.dataDir!, 'output', images[0]!)).uid, base + 1, 'as its own uid');
});

t.test('a restarted isolated instance takes its folder back, and a link planted in it is not followed', { skip: notRoot }, async (t) => {
  const base = 300_000 + Math.floor(Math.random() * 100_000) * 10;
  const env = await orchestratorEnv(t, { COMFY_INSTANCE_UID_BASE: String(base) });
  const o = await startOrchestrator(t, env);
  const id = (await o.open(1, 10)).body.data.serviceId;
  const row = await o.until(id, (r) => r.status === 'running');
  // As the instance could: replace its log with a link to a file of the orchestrator's.
  const victim = join(mkdtempSync(join(tmpdir(), 'comfy-victim-')), 'secret');
  writeFileSync(victim, 'do not append here\n', { mode: 0o600 });
  const { lstatSync, rmSync, symlinkSync } = await import('node:fs');
  rmSync(join(row.dataDir!, 'comfyui.log'));
  symlinkSync(victim, join(row.dataDir!, 'comfyui.log'));
  process.kill(-row.pid!, 'SIGKILL'); // a crash: the supervisor relaunches it into the same folder
  const again = await o.until(id, (r) => r.status === 'running' && r.restarts >= 1);
  t.equal(readFileSync(victim, 'utf8'), 'do not append here\n', 'the linked file was not written');
  t.ok(lstatSync(join(again.dataDir!, 'comfyui.log')).isFile(), 'the log is a plain file again');
  t.same([statSync(again.dataDir!).uid, statSync(again.dataDir!).mode & 0o777], [base + 1, 0o700], 'the folder is still its own');
});
