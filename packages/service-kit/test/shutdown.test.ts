import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { freePort } from '@app/testing';

const fixture = fileURLToPath(new URL('./fixtures/slow-service.ts', import.meta.url));

async function waitReady(url: string) {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

t.test('SIGTERM lets in-flight requests finish, closes resources, frees the port, exits 0', async (t) => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  t.teardown(() => child.kill('SIGKILL'));
  await waitReady(`http://127.0.0.1:${port}/healthz`);

  const inFlight = fetch(`http://127.0.0.1:${port}/slow`);
  await new Promise((r) => setTimeout(r, 150));
  child.kill('SIGTERM');
  const res = await inFlight;
  t.equal(res.status, 200, 'the request that was running completes');
  t.same((await res.json()).data, { finished: true });
  const [code] = await once(child, 'exit');
  t.equal(code, 0);
  t.match(out, /RESOURCE_CLOSED/, 'onClose hooks ran');
  await t.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'nothing listens on the port any more');
});

t.test('a missing required variable stops the process with exit 1 naming it', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'loud' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const [code] = await once(child, 'exit');
  t.equal(code, 1);
  t.match(err, /PORT is required/);
  t.match(err, /LOG_LEVEL/);
});
