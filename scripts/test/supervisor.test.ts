// `npm start`'s supervisor with real child processes: a process that exits is started again after the
// backoff, one that keeps failing is left down with the reason in the log, a stop on purpose is never
// restarted, and groups stop in the order given.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import t from 'tap';
import { POLICY, createSupervisor, nextStep } from '../lib/supervisor.mjs';

const until = async (check: () => boolean, what: string, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** A node process that runs `code`; stopping it sends SIGTERM and waits for the exit. */
function unit(code: string, started: ChildProcess[] = []) {
  return {
    start: () => {
      const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
      started.push(child);
      return child;
    },
    stop: async (child: ChildProcess) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
    kill: (child: ChildProcess) => child.kill('SIGKILL'),
  };
}
const FOREVER = 'setInterval(() => {}, 1000)';

t.test('the backoff: 1 s doubling to 30 s, given up at the 5th exit in the window', async (t) => {
  const delays = [1, 2, 3, 4, 5, 6, 7].map((streak) => nextStep({ exits: [1], streak }).delayMs);
  t.same(delays, [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  t.same(nextStep({ exits: [1, 2, 3, 4], streak: 4 }), { delayMs: 8000 }, 'the 4th exit is still restarted');
  t.same(nextStep({ exits: [1, 2, 3, 4, 5], streak: 5 }), { giveUp: true }, 'the 5th within 5 minutes is not');
  t.equal(POLICY.windowMs, 5 * 60_000);
  t.equal(POLICY.maxExits, 5);
});

t.test('a killed process is started again; the others are left alone', async (t) => {
  const lines: string[] = [];
  const sv = createSupervisor({ log: (l: string) => lines.push(l), policy: { ...POLICY, initialDelayMs: 50 } });
  const aStarts: ChildProcess[] = [];
  const bStarts: ChildProcess[] = [];
  await sv.add('a', unit(FOREVER, aStarts));
  await sv.add('b', unit(FOREVER, bStarts));
  const first = sv.child('a');
  first.kill('SIGKILL');
  await until(() => aStarts.length === 2 && sv.child('a') !== undefined, 'a restarted');
  t.not(sv.child('a').pid, first.pid, 'a new process');
  t.equal(bStarts.length, 1, 'b was not restarted');
  t.match(lines, [/^a exited \(killed by SIGKILL\); restarting in 0\.05 s$/]);
  t.match(sv.status(), { a: { restarts: 1, pid: sv.child('a').pid }, b: { restarts: 0 } });
  await sv.stopAll([['a', 'b']]);
  t.equal(aStarts.length, 2, 'a stop on purpose is not restarted');
  t.ok(aStarts.every((c) => c.exitCode !== null || c.signalCode !== null), 'every process of a has exited');
});

t.test('one that keeps failing is left down, with which and why in the log', async (t) => {
  const lines: string[] = [];
  const sv = createSupervisor({ log: (l: string) => lines.push(l), policy: { ...POLICY, initialDelayMs: 10, maxDelayMs: 40 } });
  const starts: ChildProcess[] = [];
  await sv.add('flaky', unit('process.exit(3)', starts));
  await until(() => 'down' in (sv.status().flaky ?? {}), 'flaky given up');
  t.equal(starts.length, 5, 'started 5 times, then left down');
  t.match(lines.slice(0, 4), [/restarting in 0\.01 s/, /restarting in 0\.02 s/, /restarting in 0\.04 s/, /restarting in 0\.04 s/], 'growing delays, capped');
  t.match(lines.at(-1), /^!!! flaky stays DOWN \(5 exits in 5 min, last: exit code 3\)/);
  t.match(sv.status().flaky, { pid: null, down: /exit code 3/ });
  await new Promise((r) => setTimeout(r, 200));
  t.equal(starts.length, 5, 'and is not started again');
  await sv.stopAll([['flaky']]);
});

t.test('a start that throws counts as an exit', async (t) => {
  const lines: string[] = [];
  const sv = createSupervisor({ log: (l: string) => lines.push(l), policy: { ...POLICY, initialDelayMs: 10 } });
  let calls = 0;
  const ok = unit(FOREVER);
  await sv.add('late', {
    ...ok,
    start: () => {
      calls += 1;
      if (calls === 1) throw new Error('port in use');
      return ok.start();
    },
  });
  await until(() => sv.child('late') !== undefined, 'late started on the second try');
  t.match(lines, [/^late exited \(failed to start: port in use\); restarting in 0\.01 s$/]);
  await sv.stopAll([['late']]);
});

t.test('stopAll stops group by group, in order', async (t) => {
  const sv = createSupervisor({ log: () => {} });
  const order: string[] = [];
  const tracked = (name: string) => {
    const u = unit(FOREVER);
    return {
      ...u,
      stop: async (c: ChildProcess) => {
        order.push(`${name} stopping`);
        await u.stop(c);
        order.push(`${name} stopped`);
      },
    };
  };
  for (const name of ['postgres', 'redis', 'auth', 'gateway']) await sv.add(name, tracked(name));
  await sv.stopAll([['gateway', 'auth'], ['redis'], ['postgres']]);
  const at = (entry: string) => order.indexOf(entry);
  t.ok(at('auth stopped') < at('redis stopping') && at('gateway stopped') < at('redis stopping'), 'services before Redis');
  t.ok(at('redis stopped') < at('postgres stopping'), 'Redis before PostgreSQL');
  t.equal(order.length, 8);
});
