import t from 'tap';
import {
  OPEN_POLL_INTERVAL_MS, OPEN_POLL_TIMEOUT_MS, absoluteUrl, isForbidden, launchComfy, pollDecision, type LaunchDeps,
} from '../src/pages/workbench/logic/open-comfy.js';
import type { ComfyStatus } from '../src/api/comfy.js';
import type { OpenComfyResult } from '../src/api/projects.js';

class FakeApiError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

/** A fake clock and scripted answers: each poll returns the next status (the last one repeats). */
function harness(opens: (OpenComfyResult | Error)[], statuses: (ComfyStatus | Error)[], extra: Partial<LaunchDeps> = {}) {
  let clock = 1_000_000;
  const calls = { open: 0, fetch: 0, slept: [] as number[] };
  const deps: LaunchDeps = {
    open: async () => {
      const next = opens[Math.min(calls.open++, opens.length - 1)]!;
      if (next instanceof Error) throw next;
      return next;
    },
    fetchService: async (serviceId) => {
      if (serviceId !== 's1') throw new Error(`polled ${String(serviceId)}`);
      const next = statuses[Math.min(calls.fetch++, statuses.length - 1)]!;
      if (next instanceof Error) throw next;
      return { status: next, lastError: next === 'failed' || next === 'crashed' ? 'CUDA out of memory' : null };
    },
    sleep: async (ms) => {
      calls.slept.push(ms);
      clock += ms;
    },
    now: () => clock,
    ...extra,
  };
  return { deps, calls };
}

const starting: OpenComfyResult = { serviceId: 's1', status: 'starting', url: '/comfy/s1/?ticket=old' };
const running: OpenComfyResult = { serviceId: 's1', status: 'running', url: '/comfy/s1/?ticket=fresh' };

t.test('poll decisions', async (t) => {
  t.equal(pollDecision('starting', 0), 'wait');
  t.equal(pollDecision(undefined, 1000), 'wait', 'a failed poll waits');
  t.equal(pollDecision('running', 10), 'ready');
  t.equal(pollDecision('running', OPEN_POLL_TIMEOUT_MS + 1), 'ready', 'running wins over a late timeout');
  t.equal(pollDecision('failed', 0), 'failed');
  t.equal(pollDecision('crashed', 0), 'failed');
  t.equal(pollDecision('stopped', 0), 'stopped');
  t.equal(pollDecision('stopping', 0), 'stopped');
  t.equal(pollDecision('starting', OPEN_POLL_TIMEOUT_MS), 'timeout');
  t.equal(pollDecision('starting', 5, 5), 'timeout');
  t.equal(OPEN_POLL_INTERVAL_MS, 1000);
  t.equal(OPEN_POLL_TIMEOUT_MS, 90_000);
});

t.test('a running instance opens at once', async (t) => {
  const started: unknown[] = [];
  const { deps, calls } = harness([running], [], { onStarting: (id) => started.push(id) });
  t.same(await launchComfy(1, deps), { kind: 'ready', url: running.url, serviceId: 's1' });
  t.same(started, []);
  t.equal(calls.fetch, 0);
  t.equal(calls.open, 1);
});

t.test('a starting instance is polled every second, then a fresh ticket is asked for', async (t) => {
  const started: unknown[] = [];
  const { deps, calls } = harness([starting, running], ['starting', 'starting', 'running'], { onStarting: (id) => started.push(id) });
  t.same(await launchComfy(1, deps), { kind: 'ready', url: '/comfy/s1/?ticket=fresh', serviceId: 's1' });
  t.equal(calls.fetch, 3);
  t.same(calls.slept, [1000, 1000, 1000]);
  t.equal(calls.open, 2);
  t.same(started, ['s1'], 'the page is told once that the instance is starting');
});

t.test('failed and crashed carry lastError', async (t) => {
  for (const status of ['failed', 'crashed'] as const) {
    const { deps } = harness([starting], ['starting', status]);
    t.same(await launchComfy(1, deps), { kind: 'failed', status, lastError: 'CUDA out of memory' });
  }
});

t.test('stopped while starting', async (t) => {
  const { deps } = harness([starting], ['stopped']);
  t.same(await launchComfy(1, deps), { kind: 'stopped' });
});

t.test('gives up after 90 s', async (t) => {
  const { deps, calls } = harness([starting], ['starting']);
  t.same(await launchComfy(1, deps), { kind: 'timeout' });
  t.equal(calls.fetch, 90, 'one poll a second');
});

t.test('a network blip during polling is tolerated, a 4xx is not', async (t) => {
  const blip = harness([starting, running], [new FakeApiError(0, 'network'), new FakeApiError(503, 'busy'), 'running']);
  t.equal((await launchComfy(1, blip.deps)).kind, 'ready');
  const gone = harness([starting], [new FakeApiError(404, '实例不存在')]);
  t.same(await launchComfy(1, gone.deps), { kind: 'error', message: '实例不存在' });
});

t.test('403 from open_comfy is "started by another user"', async (t) => {
  const { deps, calls } = harness([new FakeApiError(403, '权限不足')], []);
  t.same(await launchComfy(1, deps), { kind: 'forbidden', message: '权限不足' });
  t.equal(calls.fetch, 0);
  t.ok(isForbidden({ code: 403 }));
  t.ok(isForbidden({ code: 0, status: 403 }));
  t.notOk(isForbidden({ code: 409 }));
  t.notOk(isForbidden(null));
  t.notOk(isForbidden(new Error('x')));
});

t.test('other open_comfy errors', async (t) => {
  const { deps } = harness([new FakeApiError(503, '服务暂不可用')], []);
  t.same(await launchComfy(1, deps), { kind: 'error', message: '服务暂不可用' });
});

t.test('closing the waiting tab cancels', async (t) => {
  let closed = false;
  const { deps, calls } = harness([starting], ['starting'], { cancelled: () => closed });
  const sleep = deps.sleep;
  deps.sleep = async (ms) => {
    await sleep(ms);
    if (calls.slept.length === 3) closed = true;
  };
  t.same(await launchComfy(1, deps), { kind: 'cancelled' });
  t.equal(calls.fetch, 2);
});

t.test('the fresh ticket request may still be refused', async (t) => {
  const { deps } = harness([starting, new FakeApiError(403, '权限不足')], ['running']);
  t.same(await launchComfy(1, deps), { kind: 'forbidden', message: '权限不足' });
});

t.test('absolute URLs', async (t) => {
  t.equal(absoluteUrl('/comfy/s1/?ticket=a', 'https://x.example'), 'https://x.example/comfy/s1/?ticket=a');
  t.equal(absoluteUrl('https://other.example/c', 'https://x.example'), 'https://other.example/c');
});
